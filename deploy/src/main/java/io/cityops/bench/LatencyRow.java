package io.cityops.bench;

import io.cityops.events.Codec;
import io.cityops.events.Evidence;
import io.cityops.events.Incident;
import io.cityops.events.Stream;
import io.cityops.job.CityOpsJob;
import io.cityops.job.JobConfig;
import io.cityops.job.sink.KafkaOutputs;
import io.cityops.job.source.KafkaInputs;
import io.cityops.kafka.LocalKafka;
import io.cityops.sim.SimMessage;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The monitor as it runs live (unbounded Kafka input, checkpoints every 30 s on disk, idleness and
 * registry-quiet as shipped) while the city is published at a fixed rate; every incident version
 * that a match made (its occurrences went up) is timed against its last evidence.
 */
final class LatencyRow {
    static final String PREFIX = "live.";

    /**
     * Samples whose evidence was appended in the first seconds (JIT, first checkpoints) are left
     * out.
     */
    static final long WARMUP_MS = 5_000;

    private LatencyRow() {}

    static Latency run(Setup s, LocalKafka kafka, double rate, Path tmp) throws Exception {
        BenchTopics.create(kafka, PREFIX);
        JobConfig config = s.config("latency", false);
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                tmp.resolve("latency-checkpoints").toUri().toString());
        StreamExecutionEnvironment env = LocalFlink.env(s.options().parallelism(), conf);
        env.enableCheckpointing(config.checkpointInterval().toMillis());
        new CityOpsJob(config, new KafkaInputs(PREFIX), new KafkaOutputs(s.bootstrap(), PREFIX))
                .build(env);

        List<Seen> incidents = new ArrayList<>();
        IncidentCollector collector =
                new IncidentCollector(s.bootstrap(), PREFIX + Stream.INCIDENTS_TOPIC, incidents);
        PacedPublisher.Published published;
        PacedPublisher publisher;
        try (Producer<String, String> producer = CityData.producer(s.bootstrap())) {
            publisher =
                    new PacedPublisher(
                            producer,
                            PREFIX,
                            config.outOfOrderness().toMillis(),
                            config.idleness().toMillis());
            Iterator<SimMessage> rest = publisher.registry(s.run());
            List<PacedPublisher.Prepared> events =
                    PacedPublisher.prepare(
                            rest,
                            s.run().scriptedFacilities(),
                            (long) (rate * s.options().latencySeconds()));
            JobClient job = env.executeAsync("cityops bench latency");
            try {
                awaitRunning(job);
                publisher.trace.jobStarted(System.currentTimeMillis());
                // The registry counts as loaded once it has been quiet this long.
                Thread.sleep(config.registryQuiet().toMillis() + 5_000);
                s.progress().say("  publishing %,d events at %,.0f events/s", events.size(), rate);
                published = publisher.events(events, rate);
                collector.awaitQuiet(5_000, 60_000);
            } finally {
                LocalFlink.cancel(job);
                collector.close();
            }
        }
        return measure(rate, published, publisher, incidents, config);
    }

    private static Latency measure(
            double rate,
            PacedPublisher.Published pub,
            PacedPublisher publisher,
            List<Seen> incidents,
            JobConfig config) {
        Map<String, Integer> seen = new HashMap<>();
        Map<String, Integer> byRule = new TreeMap<>();
        List<long[]> samples = new ArrayList<>();
        int unmatched = 0;
        int warm = 0;
        int never = 0;
        for (Seen seenRecord : incidents) {
            ConsumerRecord<String, String> r = seenRecord.record();
            Incident inc = Codec.decodeIncident(r.value()).value();
            if (inc == null || inc.evidence().isEmpty()) {
                continue;
            }
            Integer before = seen.put(inc.id(), inc.occurrences());
            if (before != null && inc.occurrences() <= before) {
                continue; // a change without a match: resolved, a breach, suppressed
            }
            Evidence ev = inc.evidence().get(inc.evidence().size() - 1);
            Long at =
                    publisher.appended.get(
                            PacedPublisher.evidenceKey(ev.stream(), ev.ref(), ev.ts()));
            if (at == null) {
                unmatched++;
                continue;
            }
            if (at < pub.startMillis() + WARMUP_MS) {
                warm++;
                continue;
            }
            long passes = publisher.trace.passes(inc.updatedAt());
            if (passes == Long.MAX_VALUE) {
                never++;
                continue;
            }
            long ready = Math.max(at, passes);
            samples.add(
                    new long[] {
                        r.timestamp() - at,
                        ready - at,
                        r.timestamp() - ready,
                        seenRecord.polledAt() - at
                    });
            byRule.merge(inc.rule(), 1, Integer::sum);
        }
        return new Latency(
                rate,
                pub.rate(),
                pub.speed(),
                config.outOfOrderness().toMillis(),
                samples.stream().mapToLong(x -> x[0]).toArray(),
                samples.stream().mapToLong(x -> x[1]).toArray(),
                samples.stream().mapToLong(x -> x[2]).toArray(),
                samples.stream().mapToLong(x -> x[3]).toArray(),
                unmatched,
                warm,
                never,
                byRule);
    }

    private static void awaitRunning(JobClient job) throws Exception {
        long until = System.currentTimeMillis() + 60_000;
        while (job.getJobStatus().get() != JobStatus.RUNNING) {
            if (System.currentTimeMillis() > until) {
                throw new IllegalStateException("the latency job did not start within 60 s");
            }
            Thread.sleep(100);
        }
    }

    /** An incident record and the wall time a read_committed consumer got it. */
    record Seen(ConsumerRecord<String, String> record, long polledAt) {}

    /** Reads incident records as a reader of committed data gets them, on its own thread. */
    static final class IncidentCollector implements AutoCloseable {
        private final Thread thread;
        private final List<Seen> into;
        private volatile boolean running = true;
        private volatile long lastRecord = System.currentTimeMillis();

        IncidentCollector(String bootstrap, String topic, List<Seen> into) {
            this.into = into;
            thread =
                    new Thread(
                            () -> {
                                try (KafkaConsumer<String, String> c =
                                        IncidentsTopic.consumer(bootstrap, topic, true)) {
                                    while (running) {
                                        var records = c.poll(Duration.ofMillis(100));
                                        long now = System.currentTimeMillis();
                                        for (var r : records) {
                                            synchronized (into) {
                                                into.add(new Seen(r, now));
                                            }
                                            lastRecord = System.currentTimeMillis();
                                        }
                                    }
                                }
                            },
                            "bench-incidents");
            thread.setDaemon(true);
            thread.start();
        }

        /** Waits until no incident has come for {@code quietMs}, at most {@code maxMs}. */
        void awaitQuiet(long quietMs, long maxMs) throws InterruptedException {
            long until = System.currentTimeMillis() + maxMs;
            lastRecord = System.currentTimeMillis();
            while (System.currentTimeMillis() - lastRecord < quietMs
                    && System.currentTimeMillis() < until) {
                Thread.sleep(200);
            }
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(10_000);
        }
    }
}
