package io.cityops.bench;

import io.cityops.events.Codec;
import io.cityops.events.Facility;
import io.cityops.events.FacilityType;
import io.cityops.events.Metric;
import io.cityops.events.OrderCategory;
import io.cityops.events.OrderSource;
import io.cityops.events.SensorReading;
import io.cityops.events.Stream;
import io.cityops.events.StreetOrder;
import io.cityops.events.WeatherObservation;
import io.cityops.job.CityOpsJob;
import io.cityops.job.JobConfig;
import io.cityops.job.sink.CityClock;
import io.cityops.job.sink.KafkaOutputs;
import io.cityops.job.source.KafkaInputs;
import io.cityops.kafka.LocalKafka;
import io.cityops.sim.Scenario;
import io.cityops.sim.SimOptions;
import io.cityops.sim.SimulationRun;
import io.cityops.sim.Simulator;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * State per facility: the monitor, live, is given a city's registry (and time to read it, which the
 * city clock shows) and then one reading from each of its facilities (spread over one minute of
 * city time, then one later record per partition so the watermark passes them all, but not so late
 * that a silent facility's SENSOR_OFFLINE deadline, 5 min at least, is reached: that would measure
 * an incident per facility); once the city clock shows the incident stage past them, a canonical
 * savepoint is taken and its size on disk divided by the number of facilities. Also the live heap
 * after a full GC, before the job and with the job holding that state: it includes what Esper keeps
 * in memory, which is not in Flink state (yet).
 */
final class StateRow {
    private static final long SPREAD_MS = 60_000;
    private static final Pattern WATERMARK = Pattern.compile("\"watermark\":(-?\\d+)");

    /**
     * A measured city size; {@code rejected}: inputs the monitor turned away (dead letters), which
     * would make the state smaller than the city's.
     */
    record State(
            int facilities, long savepointBytes, long heapBytes, long rejected, double seconds) {
        double bytesPerFacility() {
            return savepointBytes / (double) facilities;
        }
    }

    private StateRow() {}

    static State run(Setup s, LocalKafka kafka, int n, Path tmp) throws Exception {
        long started = System.nanoTime();
        SimulationRun city =
                new Simulator(
                                Scenario.load("calm-day"),
                                SimOptions.defaults().facilities(n).durationMs(SPREAD_MS))
                        .run();
        String prefix = "state-" + n + ".";
        BenchTopics.create(kafka, prefix);
        long start = city.start();
        JobConfig config =
                s.config("state-" + n, false)
                        // No lane may turn idle while the registry is read: a lane that comes back
                        // from idle finds the watermark ahead of it, and its readings late. The
                        // later records below move every lane instead.
                        .withIdleness(Duration.ofMinutes(10))
                        .withRegistryQuiet(Duration.ofSeconds(2));
        long tick = start + SPREAD_MS + config.outOfOrderness().toMillis() + 2_000;

        long before = settledHeap();
        // A savepoint of this size does not fit the JobManager's 5 MB: checkpoint storage on disk.
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                tmp.resolve("state-checkpoints-" + n).toUri().toString());
        StreamExecutionEnvironment env = LocalFlink.env(s.options().parallelism(), conf);
        new CityOpsJob(config, new KafkaInputs(prefix), new KafkaOutputs(s.bootstrap(), prefix))
                .build(env);
        // The registry first, alone: while readings pour in, back pressure can stall it for longer
        // than --registry-quiet, and the monitor would take it as read too early. Records before
        // the city's start in every lane let time move once the registry is read: the city clock
        // says when.
        long early = start - 10 * SPREAD_MS;
        publishRegistry(s.bootstrap(), prefix, city, early);
        JobClient job = env.executeAsync("cityops bench state " + n);
        try {
            awaitClock(
                    s.bootstrap(),
                    prefix + CityClock.TOPIC,
                    early - config.outOfOrderness().toMillis() - 1,
                    n);
            publishReadings(s.bootstrap(), prefix, city, start, tick, n);
            s.progress().say("  %,d facilities' registry read, their readings published", n);
            awaitClock(s.bootstrap(), prefix + CityClock.TOPIC, start + SPREAD_MS, n);
            s.progress().say("  the monitor is past every facility's reading; savepoint");
            long heap = liveHeap() - before;
            Path dir = tmp.resolve("savepoint-" + n);
            // Stopping with the savepoint: no checkpoint is left to fail when the job goes.
            String path =
                    job.stopWithSavepoint(
                                    false, dir.toUri().toString(), SavepointFormatType.CANONICAL)
                            .get();
            long bytes =
                    size(Path.of(URI.create(path.startsWith("file:") ? path : "file:" + path)));
            long[] rejected = {0};
            Map<String, Integer> reasons = new TreeMap<>();
            IncidentsTopic.readAll(
                    s.bootstrap(),
                    prefix + Stream.DEAD_LETTER_TOPIC,
                    r -> {
                        rejected[0]++;
                        var d = Codec.decodeDeadLetter(r.value()).value();
                        if (d != null) {
                            reasons.merge(d.stream() + "/" + d.reason(), 1, Integer::sum);
                        }
                    });
            if (rejected[0] > 0) {
                s.progress().say("  rejected: %s", reasons);
            }
            return new State(n, bytes, heap, rejected[0], (System.nanoTime() - started) / 1e9);
        } finally {
            LocalFlink.cancel(job);
        }
    }

    private static void publishRegistry(
            String bootstrap, String prefix, SimulationRun city, long early) {
        String registry = prefix + Stream.REGISTRY.topic();
        try (Producer<String, String> p = CityData.producer(bootstrap)) {
            for (Facility f : city.registry()) {
                p.send(new ProducerRecord<>(registry, f.id(), Codec.encode(f)));
            }
            lanes(p, prefix, city, early, "early");
            p.flush();
        }
    }

    private static void publishReadings(
            String bootstrap, String prefix, SimulationRun city, long start, long tick, int n) {
        String sensors = prefix + Stream.SENSORS.topic();
        try (Producer<String, String> p = CityData.producer(bootstrap)) {
            long i = 0;
            for (Facility f : city.registry()) {
                if (f.type() != FacilityType.WEATHER_STATION) {
                    SensorReading r =
                            new SensorReading(
                                    f.id(), start + i++ * SPREAD_MS / n, metric(f.type()), 0);
                    p.send(new ProducerRecord<>(sensors, f.id(), Codec.encode(r)));
                }
            }
            // Later records move every lane's watermark past the readings.
            lanes(p, prefix, city, tick, "late");
            p.flush();
        }
    }

    /** One record at {@code ts} in every partition of every event topic. */
    private static void lanes(
            Producer<String, String> p, String prefix, SimulationRun city, long ts, String tag) {
        Facility any = null;
        Facility station = null;
        for (Facility f : city.registry()) {
            if (f.type() == FacilityType.WEATHER_STATION) {
                station = station == null ? f : station;
            } else {
                any = any == null ? f : any;
            }
        }
        for (int part = 0; part < LocalKafka.PARTITIONS; part++) {
            SensorReading beat = new SensorReading(any.id(), ts, Metric.HEARTBEAT, 0);
            p.send(
                    new ProducerRecord<>(
                            prefix + Stream.SENSORS.topic(), part, any.id(), Codec.encode(beat)));
            WeatherObservation calm = new WeatherObservation(station.id(), ts, 0.0, 1.0, 2.0, 25.0);
            p.send(
                    new ProducerRecord<>(
                            prefix + Stream.WEATHER.topic(),
                            part,
                            station.id(),
                            Codec.encode(calm)));
            StreetOrder order =
                    new StreetOrder(
                            "BENCH-" + tag + "-" + part,
                            ts,
                            OrderSource.HOTLINE,
                            OrderCategory.OTHER,
                            any.lat(),
                            any.lon(),
                            any.district(),
                            any.street(),
                            "bench",
                            "bench");
            p.send(
                    new ProducerRecord<>(
                            prefix + Stream.STREET_ORDERS.topic(),
                            part,
                            any.district(),
                            Codec.encode(order)));
        }
    }

    /** A metric the facility's type reports, other than the heartbeat. */
    private static Metric metric(FacilityType type) {
        for (Metric m : Metric.values()) {
            if (m != Metric.HEARTBEAT && m.appliesTo(type)) {
                return m;
            }
        }
        return Metric.HEARTBEAT;
    }

    /** Waits until the job's city clock (the incident stage's watermark) passes {@code ts}. */
    private static void awaitClock(String bootstrap, String topic, long ts, int n)
            throws InterruptedException {
        long until = System.currentTimeMillis() + 120_000 + n / 2;
        try (KafkaConsumer<String, String> c = IncidentsTopic.consumer(bootstrap, topic)) {
            while (System.currentTimeMillis() < until) {
                for (var r : c.poll(Duration.ofMillis(500))) {
                    Matcher m = WATERMARK.matcher(r.value());
                    if (m.find() && Long.parseLong(m.group(1)) >= ts) {
                        return;
                    }
                }
            }
        }
        throw new IllegalStateException(
                "the monitor did not get past the readings of " + n + " facilities in time");
    }

    /** The least of three live heaps a second apart: what a job that just ended leaves goes. */
    static long settledHeap() throws InterruptedException {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            least = Math.min(least, liveHeap());
            Thread.sleep(1_000);
        }
        return least;
    }

    static long liveHeap() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static long size(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(
                            f -> {
                                try {
                                    return Files.size(f);
                                } catch (IOException e) {
                                    return 0;
                                }
                            })
                    .sum();
        }
    }
}
