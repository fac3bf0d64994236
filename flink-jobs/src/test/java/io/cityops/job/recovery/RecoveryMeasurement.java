package io.cityops.job.recovery;

import io.cityops.events.Stream;
import io.cityops.job.CityEvent;
import io.cityops.job.CityOpsJob;
import io.cityops.job.JobConfig;
import io.cityops.job.rules.FedEvent;
import io.cityops.job.sink.CityClock;
import io.cityops.job.sink.KafkaOutputs;
import io.cityops.job.source.Decoding;
import io.cityops.job.source.KafkaInputs;
import io.cityops.job.testing.SharedCluster;
import io.cityops.kafka.LocalKafka;
import io.cityops.sim.Scenario;
import io.cityops.sim.SimMessage;
import io.cityops.sim.SimOptions;
import io.cityops.sim.SimulationRun;
import io.cityops.sim.Simulator;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How long the monitor takes to recover from a failure, and how much state the Esper rebuild keeps,
 * for a city of 100,000 facilities: a one-off measurement, not a CI test (it takes minutes and
 * gigabytes). The figures in docs/operations.md come from it:
 *
 * <pre>
 * mvn -B -o -q -pl flink-jobs test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -Xmx10g --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED \
 *   -cp flink-jobs/target/test-classes:flink-jobs/target/classes:$(cat /tmp/cp.txt) \
 *   io.cityops.job.recovery.RecoveryMeasurement [facilities] [parallelism] [speed]
 * </pre>
 *
 * <p>The rainstorm scenario at that size: its first 2 h 10 min (the rebuild's horizon is 2 h, so
 * the log is full) published as fast as the broker takes them and read by the job, then the city
 * live at {@code speed} times real time (10 by default). A minute into the live part a sensor
 * reading throws; the job restarts from its latest checkpoint (every 30 s, the default; on local
 * disk; heap state) with Flink's default restart strategy. It prints: when the job was running
 * again (its clock, the incidents stage's watermark on {@code city.clock}, moves again), when it
 * had caught up (its lag behind the published city time back to what it was before the failure),
 * what the rules instances replayed into Esper and how long that took, and the checkpointed state
 * by operator.
 */
public final class RecoveryMeasurement {
    private static final long MIN = 60_000;

    private RecoveryMeasurement() {}

    public static void main(String[] args) throws Exception {
        int facilities = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int parallelism = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        double speed = args.length > 2 ? Double.parseDouble(args[2]) : 10;
        long warmMs = 130 * MIN;
        long liveMs = 40 * MIN;

        say(
                "simulating the rainstorm for %,d facilities, %d min",
                facilities, (warmMs + liveMs) / MIN);
        SimulationRun run =
                new Simulator(
                                Scenario.load("rainstorm"),
                                SimOptions.defaults()
                                        .facilities(facilities)
                                        .durationMs(warmMs + liveMs))
                        .run();
        long warmEnd = run.start() + warmMs;
        long failAt = warmEnd + (long) (60_000 * speed);

        Path dir = Files.createTempDirectory("cityops-recovery");
        try (LocalKafka kafka = LocalKafka.start(dir, 0)) {
            kafka.createContractTopics();
            AtomicLong head = new AtomicLong(Long.MIN_VALUE);
            String name = "recovery-measurement";
            JobConfig config =
                    JobConfig.defaults()
                            .withKafka(kafka.bootstrap())
                            .withParallelism(parallelism)
                            .withGroupId(name);
            StreamExecutionEnvironment env = SharedCluster.env(parallelism);
            env.enableCheckpointing(config.checkpointInterval().toMillis());
            new CityOpsJob(
                            config,
                            new Faults(
                                    new KafkaInputs(),
                                    name,
                                    0,
                                    List.of(new Faults.AtEventTime(failAt))),
                            new KafkaOutputs(kafka.bootstrap(), "", config.transactionalIds()))
                    .build(env);

            Iterator<SimMessage> messages = run.messages();
            long t0 = System.nanoTime();
            long sent = publish(kafka, messages, warmEnd, Double.POSITIVE_INFINITY, head);
            say(
                    "published the first %d min: %,d messages in %.1f s",
                    warmMs / MIN, sent, (System.nanoTime() - t0) / 1e9);

            JobClient job = env.executeAsync(name);
            try (Clock clock = new Clock(kafka.bootstrap())) {
                t0 = System.nanoTime();
                clock.awaitAtLeast(warmEnd - 2 * MIN, Duration.ofMinutes(30));
                say("the job read them in %.1f s", (System.nanoTime() - t0) / 1e9);

                Thread live =
                        new Thread(
                                () -> {
                                    try {
                                        publish(kafka, messages, Long.MAX_VALUE, speed, head);
                                    } catch (Exception e) {
                                        throw new IllegalStateException(e);
                                    }
                                },
                                "live-city");
                live.setDaemon(true);
                live.start();

                List<Long> lags = new ArrayList<>();
                while (Faults.lastFiredNanos(name) == 0) {
                    Thread.sleep(200);
                    long w = clock.latest();
                    if (w > warmEnd && head.get() > warmEnd) {
                        lags.add(head.get() - w);
                    }
                }
                long failed = Faults.lastFiredNanos(name);
                long before = clock.latest();
                lags.sort(Long::compare);
                long steady = lags.isEmpty() ? 60_000 : lags.get((int) (lags.size() * 0.95));
                say(
                        "failure injected at city time +%d min; lag before it p95 %.1f s of city"
                                + " time",
                        (failAt - run.start()) / MIN, steady / 1000.0);

                double restored = -1;
                double caughtUp = -1;
                while ((System.nanoTime() - failed) < Duration.ofMinutes(10).toNanos()) {
                    Thread.sleep(100);
                    double since = (System.nanoTime() - failed) / 1e9;
                    if (restored < 0) {
                        if (rebuiltInstances(job.getJobID()) == parallelism) {
                            restored = since;
                        }
                        continue;
                    }
                    long w = clock.latest();
                    if (w > before && head.get() - w <= Math.max(steady, 2_000)) {
                        caughtUp = since;
                        break;
                    }
                }
                say(
                        "running again (every rules instance restored and its Esper rebuilt)"
                                + " %.1f s after the failure",
                        restored);
                say(
                        "caught up (past where it was, lag back to the p95 before) %.1f s after"
                                + " the failure",
                        caughtUp);
                report(job.getJobID(), parallelism, facilities);
            } finally {
                job.cancel().get();
            }
        }
        say("log entry size: %s", fedEventSizes(run));
        System.exit(0);
    }

    /** How many rules instances have rebuilt Esper from a checkpoint. */
    private static int rebuiltInstances(JobID job) throws Exception {
        int n = 0;
        for (var e : SharedCluster.metrics().findMetrics(job, "rebuildEvents").entrySet()) {
            if (e.getValue() instanceof Gauge<?> g
                    && g.getValue() instanceof Number v
                    && v.longValue() > 0) {
                n++;
            }
        }
        return n;
    }

    /** The rebuild gauges of the rules instances and the checkpointed state by operator. */
    private static void report(JobID job, int parallelism, int facilities) throws Exception {
        long events = 0;
        long conditions = 0;
        long ms = 0;
        for (var e : SharedCluster.metrics().findMetrics(job, "rebuild").entrySet()) {
            if (e.getValue() instanceof Gauge<?> g && g.getValue() instanceof Number n) {
                if (e.getKey().endsWith("rebuildEvents")) {
                    events += n.longValue();
                } else if (e.getKey().endsWith("rebuildConditions")) {
                    conditions += n.longValue();
                } else if (e.getKey().endsWith("rebuildMs")) {
                    ms = Math.max(ms, n.longValue());
                }
            }
        }
        say(
                "Esper rebuilt from %,d logged events and %,d open conditions; the slowest of %d"
                        + " instances took %,d ms",
                events, conditions, parallelism, ms);
        URI rest = SharedCluster.flink().getRestAddress().get();
        ObjectMapper json = new ObjectMapper();
        JsonNode vertices = json.readTree(get(rest, "/jobs/" + job)).get("vertices");
        JsonNode latest = json.readTree(get(rest, "/jobs/" + job + "/checkpoints")).get("latest");
        JsonNode completed = latest.get("completed");
        long id = completed.get("id").asLong();
        say(
                "latest checkpoint %d: %,d bytes in all (%,d per facility)",
                id,
                completed.get("state_size").asLong(),
                completed.get("state_size").asLong() / facilities);
        JsonNode tasks =
                json.readTree(get(rest, "/jobs/" + job + "/checkpoints/details/" + id))
                        .get("tasks");
        for (JsonNode v : vertices) {
            JsonNode t = tasks.get(v.get("id").asText());
            if (t != null && t.get("state_size").asLong() > 0) {
                say(
                        "  %-60s %,15d bytes",
                        v.get("name").asText().replaceAll("\\s+", " "),
                        t.get("state_size").asLong());
            }
        }
    }

    private static String get(URI rest, String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(rest.resolve(path)).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    /** Serialized bytes of a logged reading, observation and order, as the log keeps them. */
    private static String fedEventSizes(SimulationRun run) throws Exception {
        var serializer =
                TypeInformation.of(FedEvent.class).createSerializer(new SerializerConfigImpl());
        Map<Stream, long[]> sizes = new java.util.EnumMap<>(Stream.class);
        Map<String, io.cityops.events.Facility> registry = new java.util.HashMap<>();
        run.registry().forEach(f -> registry.put(f.id(), f));
        DataOutputSerializer out = new DataOutputSerializer(1024);
        int n = 0;
        for (Iterator<SimMessage> it = run.messages(); it.hasNext() && n < 200_000; n++) {
            SimMessage m = it.next();
            if (m.stream() == Stream.REGISTRY) {
                continue;
            }
            CityEvent e = Decoding.decode(m.stream(), m.json());
            e.facility = registry.get(e.key);
            if (e.facility != null) {
                e.district = e.facility.district();
                e.cell = "8931aa0d8c3ffff";
            }
            FedEvent f = new FedEvent();
            f.event = e;
            f.state = e.kind == CityEvent.READING ? new double[8] : null;
            out.clear();
            serializer.serialize(f, out);
            long[] s = sizes.computeIfAbsent(m.stream(), k -> new long[2]);
            s[0] += out.length();
            s[1]++;
        }
        StringBuilder b = new StringBuilder();
        sizes.forEach((s, v) -> b.append(String.format("%s %d bytes, ", s.label(), v[0] / v[1])));
        return b.toString();
    }

    /** Publishes messages until one at or after {@code until}, at {@code speed} x real time. */
    private static long publish(
            LocalKafka kafka,
            Iterator<SimMessage> messages,
            long until,
            double speed,
            AtomicLong head)
            throws Exception {
        long sent = 0;
        try (var producer =
                new KafkaProducer<>(
                        Map.<String, Object>of(
                                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                kafka.bootstrap(),
                                ProducerConfig.LINGER_MS_CONFIG,
                                20,
                                ProducerConfig.BATCH_SIZE_CONFIG,
                                256 * 1024,
                                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
                                1),
                        new StringSerializer(),
                        new StringSerializer())) {
            long wall0 = System.currentTimeMillis();
            long city0 = Long.MIN_VALUE;
            while (messages.hasNext()) {
                SimMessage m = messages.next();
                if (m.stream() != Stream.REGISTRY) {
                    if (city0 == Long.MIN_VALUE) {
                        city0 = m.ts();
                    }
                    if (!Double.isInfinite(speed)) {
                        long due = wall0 + (long) ((m.ts() - city0) / speed);
                        long wait = due - System.currentTimeMillis();
                        if (wait > 0) {
                            Thread.sleep(wait);
                        }
                    }
                    head.accumulateAndGet(m.ts(), Math::max);
                }
                producer.send(new ProducerRecord<>(m.stream().topic(), m.key(), m.json()));
                sent++;
                if (m.stream() != Stream.REGISTRY && m.ts() >= until) {
                    break;
                }
            }
            producer.flush();
        }
        return sent;
    }

    /** Follows {@code city.clock}: the watermark the incidents stage has reached. */
    private static final class Clock implements AutoCloseable {
        private final AtomicLong latest = new AtomicLong(Long.MIN_VALUE);
        private final Thread thread;
        private volatile boolean running = true;

        Clock(String bootstrap) {
            var p = new java.util.Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            thread =
                    new Thread(
                            () -> {
                                try (var c =
                                        new KafkaConsumer<>(
                                                p,
                                                new StringDeserializer(),
                                                new StringDeserializer())) {
                                    var tp = new TopicPartition(CityClock.TOPIC, 0);
                                    c.assign(List.of(tp));
                                    while (running) {
                                        for (var r : c.poll(Duration.ofMillis(100))) {
                                            var m =
                                                    java.util.regex.Pattern.compile(
                                                                    "\"watermark\":(-?\\d+)")
                                                            .matcher(r.value());
                                            if (m.find()) {
                                                latest.accumulateAndGet(
                                                        Long.parseLong(m.group(1)), Math::max);
                                            }
                                        }
                                    }
                                }
                            },
                            "city-clock");
            thread.setDaemon(true);
            thread.start();
        }

        long latest() {
            return latest.get();
        }

        void awaitAtLeast(long ts, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (latest.get() < ts && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            if (latest.get() < ts) {
                throw new IllegalStateException("the job did not reach " + ts + " in " + timeout);
            }
        }

        @Override
        public void close() {
            running = false;
        }
    }

    private static void say(String format, Object... args) {
        System.out.println("recovery: " + String.format(format, args));
    }
}
