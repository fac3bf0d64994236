package io.cityops.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityops.events.Codec;
import io.cityops.events.Incident;
import io.cityops.events.Stream;
import io.cityops.job.CityOpsJob;
import io.cityops.job.JobConfig;
import io.cityops.job.replay.Replay;
import io.cityops.job.sink.KafkaOutputs;
import io.cityops.job.source.Decoding;
import io.cityops.job.source.KafkaInputs;
import io.cityops.job.testing.KafkaIncidents;
import io.cityops.job.testing.SharedCluster;
import io.cityops.kafka.LocalKafka;
import io.cityops.sim.FaultOptions;
import io.cityops.sim.KafkaPublisher;
import io.cityops.sim.Scenario;
import io.cityops.sim.SimMessage;
import io.cityops.sim.SimOptions;
import io.cityops.sim.SimulationRun;
import io.cityops.sim.Simulator;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A rainstorm (with malformed lines and unknown sensors) published to the shared broker, recorded
 * in two runs with a crash's leftovers between them, then replayed: the archive holds every record
 * once, in event-time order; a time range of it replays byte-identically to the same range cut from
 * the simulator's own files; and the live job, the archive's replay and the archive re-published
 * through Kafka give the same incidents.
 */
class ArchiveTest {
    private static final Logger LOG = LoggerFactory.getLogger(ArchiveTest.class);
    static final String PREFIX = "archive-";
    static final String REPUBLISHED = "archive-again-";
    static final long MIN = 60_000;

    @TempDir static Path dir;
    static SimulationRun run;
    static Path folder;
    static Path archive;
    static Map<Stream, List<String>> published;
    static Path fromArchive;

    @BeforeAll
    static void publishRecordAndReplay() throws Exception {
        run =
                new Simulator(
                                Scenario.load("rainstorm"),
                                SimOptions.defaults()
                                        .facilities(300)
                                        .seed(5)
                                        .faults(
                                                FaultOptions.parse(
                                                        "malformed=0.002,unknown=0.001")))
                        .run();
        folder = dir.resolve("folder");
        run.writeTo(folder);
        published = new EnumMap<>(Stream.class);
        List<SimMessage> all = new ArrayList<>();
        run.messages().forEachRemaining(all::add);
        all.forEach(
                m -> published.computeIfAbsent(m.stream(), s -> new ArrayList<>()).add(m.json()));

        LocalKafka kafka = SharedCluster.kafka();
        kafka.createContractTopics(PREFIX);
        archive = dir.resolve("archive");
        int half = all.size() / 2;
        try (KafkaPublisher p = new KafkaPublisher(kafka.bootstrap(), PREFIX)) {
            p.publish(
                    all.subList(0, half).iterator(),
                    run.start(),
                    Double.POSITIVE_INFINITY,
                    x -> {});
            // The first run stops where the topics ended when it started: half way.
            new Recorder(options(kafka, true)).run(x -> {});
            leaveACrashsDebris(archive);
            p.publish(
                    all.subList(half, all.size()).iterator(),
                    run.start(),
                    Double.POSITIVE_INFINITY,
                    x -> {});
        }
        // The second run is stopped from outside once it has everything.
        long events = all.stream().filter(m -> m.stream() != Stream.REGISTRY).count();
        Recorder second = new Recorder(options(kafka, false));
        AtomicReference<Exception> failed = new AtomicReference<>();
        Thread t =
                new Thread(
                        () -> {
                            try {
                                second.run(
                                        p -> {
                                            long n =
                                                    p.records().values().stream()
                                                            .mapToLong(Long::longValue)
                                                            .sum();
                                            if (n >= events) {
                                                second.stop();
                                            }
                                        });
                            } catch (Exception e) {
                                failed.set(e);
                            }
                        });
        t.start();
        t.join(120_000);
        assertThat(t.isAlive()).as("the recorder stopped").isFalse();
        assertThat(failed.get()).isNull();
        // And a third start finds nothing new to write.
        new Recorder(options(kafka, true)).run(x -> {});

        fromArchive = dir.resolve("from-archive.ndjson");
        Replay.run(archive, fromArchive, JobConfig.defaults(), SharedCluster.env(2));
    }

    static Recorder.Options options(LocalKafka kafka, boolean stopAtEnd) {
        return new Recorder.Options(
                kafka.bootstrap(), archive, PREFIX, Duration.ofMillis(300), stopAtEnd);
    }

    /**
     * What a recorder killed after a flush but before its checkpoint leaves behind: more lines in
     * its open segments, a segment of a later hour, a half-written checkpoint.
     */
    static void leaveACrashsDebris(Path archive) throws IOException {
        for (Stream s : List.of(Stream.SENSORS, Stream.STREET_ORDERS, Stream.WEATHER)) {
            List<Path> segments = ArchiveLayout.segments(archive, s);
            assertThat(segments).as("%s segments after the first run", s).isNotEmpty();
            Path open = segments.get(segments.size() - 1);
            List<String> lines = readAll(List.of(open));
            String tail =
                    String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()))
                            + "\n";
            Durable.appendGzipMember(open, tail.getBytes(StandardCharsets.UTF_8));
            Path later =
                    ArchiveLayout.segment(
                            archive, s, ArchiveLayout.hourOf(open) + 2 * ArchiveLayout.HOUR_MS);
            Durable.appendGzipMember(later, tail.getBytes(StandardCharsets.UTF_8));
        }
        Files.writeString(archive.resolve(ArchiveLayout.CHECKPOINT + ".tmp"), "{\"format\":");
    }

    @Test
    void archivesEveryPublishedRecordExactlyOnceAcrossRestarts() throws Exception {
        for (Stream s : ArchiveLayout.SEGMENTED) {
            List<String> sent = published.getOrDefault(s, List.of());
            List<String> archived = readAll(ArchiveLayout.segments(archive, s));
            assertThat(counts(archived))
                    .as("%s: the same records, each once", s)
                    .isEqualTo(counts(sent));
        }
        assertThat(Files.readAllLines(ArchiveLayout.registry(archive)))
                .as("registry: one line per facility, sorted by id")
                .containsExactlyElementsOf(
                        published.get(Stream.REGISTRY).stream()
                                .sorted(
                                        (a, b) ->
                                                Republisher.key(Stream.REGISTRY, a)
                                                        .compareTo(
                                                                Republisher.key(
                                                                        Stream.REGISTRY, b)))
                                .toList());
        assertThat(Files.exists(archive.resolve(ArchiveLayout.CHECKPOINT + ".tmp"))).isFalse();
    }

    @Test
    void keepsEachStreamInEventTimeOrderInHourlySegments() throws Exception {
        List<Path> sensors = ArchiveLayout.segments(archive, Stream.SENSORS);
        assertThat(sensors).hasSizeBetween(4, 6);
        for (Path seg : sensors) {
            long hour = ArchiveLayout.hourOf(seg);
            long last = Long.MIN_VALUE;
            for (String line : readAll(List.of(seg))) {
                Long ts = LaneReader.eventTs(Decoding.decode(Stream.SENSORS, line));
                if (ts != null) {
                    assertThat(ts).as("ts in %s", seg.getFileName()).isGreaterThanOrEqualTo(last);
                    assertThat(ArchiveLayout.hourStart(ts)).isEqualTo(hour);
                    last = ts;
                }
            }
        }
    }

    @Test
    void replaysATimeRangeOfTheArchiveAsTheSameRangeCutFromTheFiles() throws Exception {
        long from = run.start() + 60 * MIN;
        // A time that a reading carries, so that both runs end their time there.
        long until =
                published.get(Stream.SENSORS).stream()
                        .map(Codec::peekTs)
                        .filter(ts -> ts != null && ts >= run.start() + 150 * MIN)
                        .findFirst()
                        .orElseThrow();
        TimeRange range = new TimeRange(from, until);
        Path cut = dir.resolve("cut");
        Files.createDirectories(cut);
        Files.copy(folder.resolve(Stream.REGISTRY.file()), cut.resolve(Stream.REGISTRY.file()));
        for (Stream s : ArchiveLayout.SEGMENTED) {
            Path f = Slice.fileOf(folder, s);
            if (f != null) {
                Files.write(cut.resolve(s.file()), within(s, Files.readAllLines(f), range));
            }
        }
        Path fromCut = dir.resolve("from-cut.ndjson");
        Replay.Summary plain = Replay.run(cut, fromCut, JobConfig.defaults(), SharedCluster.env(2));
        Path fromRange = dir.resolve("from-range.ndjson");
        Replay.Summary ranged =
                Replay.run(
                        archive,
                        range,
                        fromRange,
                        JobConfig.defaults(),
                        SharedCluster.env(2),
                        x -> {});

        assertThat(ranged.endOfTime()).isEqualTo(until).isEqualTo(plain.endOfTime());
        assertThat(Files.mismatch(fromCut, fromRange)).isEqualTo(-1L);
        assertThat(Files.mismatch(rejected(fromCut), rejected(fromRange))).isEqualTo(-1L);
        List<Incident> incidents = read(fromRange);
        assertThat(incidents).isNotEmpty().allMatch(i -> range.contains(i.openedAt()));
    }

    /** Lines of a range, a rejected line going with the one before it (as LaneReader does). */
    static List<String> within(Stream s, List<String> lines, TimeRange range) {
        List<String> out = new ArrayList<>();
        long carried = Long.MIN_VALUE;
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            Long ts = LaneReader.eventTs(Decoding.decode(s, line));
            if (ts != null) {
                carried = ts;
            }
            if (range.contains(carried)) {
                out.add(line);
            }
        }
        return out;
    }

    @Test
    void aLiveRunAReplayAndAReplayThroughKafkaGiveTheSameIncidents() throws Exception {
        LocalKafka kafka = SharedCluster.kafka();
        Map<String, String> live = byId(live(kafka, PREFIX).values());

        kafka.createContractTopics(REPUBLISHED);
        var sent =
                Republisher.publish(
                        Slice.of(archive, TimeRange.ALL),
                        kafka.bootstrap(),
                        REPUBLISHED,
                        Double.POSITIVE_INFINITY,
                        p -> {});
        assertThat(sent.sent()).isEqualTo(published.values().stream().mapToLong(List::size).sum());
        Map<String, String> throughKafka = byId(live(kafka, REPUBLISHED).values());

        Map<String, String> replayed = byId(read(fromArchive));
        LOG.info(
                "live {} incidents, replay {}, replay through Kafka {}",
                live.size(),
                replayed.size(),
                throughKafka.size());
        assertThat(replayed).isNotEmpty();
        assertThat(live).isEqualTo(replayed);
        assertThat(throughKafka).isEqualTo(replayed);
    }

    static Map<String, Incident> live(LocalKafka kafka, String prefix) throws Exception {
        JobConfig config =
                JobConfig.defaults()
                        .withKafka(kafka.bootstrap())
                        .withIdleness(Duration.ofSeconds(3))
                        .withRegistryQuiet(Duration.ofSeconds(2));
        StreamExecutionEnvironment env = SharedCluster.env(2);
        env.enableCheckpointing(1000);
        new CityOpsJob(config, new KafkaInputs(prefix), new KafkaOutputs(kafka.bootstrap(), prefix))
                .build(env);
        JobClient job = env.executeAsync("archive test " + prefix);
        try {
            return KafkaIncidents.readUntilCaughtUp(kafka, prefix, config.groupId(), run.truth());
        } finally {
            job.cancel().get();
        }
    }

    static List<String> readAll(List<Path> files) throws IOException {
        List<String> out = new ArrayList<>();
        for (Path f : files) {
            try (BufferedReader r = LaneReader.open(f)) {
                r.lines().filter(l -> !l.isBlank()).forEach(out::add);
            }
        }
        return out;
    }

    static Map<String, Long> counts(List<String> lines) {
        return lines.stream()
                .collect(
                        Collectors.groupingBy(
                                Function.identity(), TreeMap::new, Collectors.counting()));
    }

    static List<Incident> read(Path file) throws IOException {
        return Files.readAllLines(file).stream().map(l -> Codec.decodeIncident(l).value()).toList();
    }

    static Map<String, String> byId(Iterable<Incident> incidents) {
        Map<String, String> m = new TreeMap<>();
        for (Incident i : incidents) {
            m.put(i.id(), Codec.encode(i));
        }
        return m;
    }

    static Path rejected(Path incidents) {
        return Path.of(incidents + ".rejected");
    }
}
