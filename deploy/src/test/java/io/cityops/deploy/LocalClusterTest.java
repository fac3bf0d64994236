package io.cityops.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.cityops.events.Codec;
import io.cityops.events.Incident;
import io.cityops.events.Stream;
import io.cityops.sim.KafkaPublisher;
import io.cityops.sim.Scenario;
import io.cityops.sim.SimOptions;
import io.cityops.sim.SimulationRun;
import io.cityops.sim.Simulator;
import io.cityops.sim.TruthEntry;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The job jar on real engines, as an operator runs it: {@code deploy/local/up.sh} starts a Kafka
 * broker and a Flink session cluster (a JobManager and two TaskManagers), each its own JVM from
 * Maven Central's jars; {@code submit.sh} sends the shaded job jar over Flink's REST API; the
 * simulator publishes a scenario to the broker; the incidents the scenario's truth names must
 * arrive on {@code city.incidents}. {@code down.sh} stops everything, also when the test fails.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class LocalClusterTest {
    private static final Logger LOG = LoggerFactory.getLogger(LocalClusterTest.class);
    private static final Duration INCIDENT_DEADLINE = Duration.ofSeconds(150);

    private static Path repo;
    private static Path data;
    private static Thread downOnExit;

    @BeforeAll
    static void findTheRepository() throws IOException {
        repo = Path.of("").toAbsolutePath();
        while (repo != null && !Files.isDirectory(repo.resolve("deploy/local"))) {
            repo = repo.getParent();
        }
        assertThat(repo).as("the repository holding deploy/local").isNotNull();
        boolean curl = new java.io.File("/usr/bin/curl").canExecute() || onPath("curl");
        // Never skipped: `./cityops test` installs curl; without it the test fails and says so.
        assertThat(curl)
                .as(
                        "curl on the PATH (deploy/local submits over REST with it; apt-get install curl)")
                .isTrue();
        try (var jars = Files.list(repo.resolve("flink-jobs/target"))) {
            assertThat(jars.anyMatch(p -> p.getFileName().toString().endsWith("-job.jar")))
                    .as(
                            "the job jar flink-jobs/target/flink-jobs-*-job.jar (mvn package builds it)")
                    .isTrue();
        }
        data = repo.resolve("deploy/target/local-cluster");
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (data != null && Files.isDirectory(data.resolve("pids"))) {
            script(Duration.ofSeconds(60), "down.sh", "--data", data.toString());
        }
        if (downOnExit != null) {
            Runtime.getRuntime().removeShutdownHook(downOnExit);
        }
    }

    @Test
    void jobJarOnASessionClusterRaisesTheScenariosIncidentsFromKafka() throws Exception {
        long started = System.nanoTime();
        int kafkaPort = freePort();
        int restPort = freePort();
        int influxPort = freePort();
        // If the JVM is stopped (a timeout, Ctrl-C), the engines go with it.
        downOnExit =
                new Thread(
                        () -> {
                            try {
                                script(
                                        Duration.ofSeconds(60),
                                        "down.sh",
                                        "--data",
                                        data.toString());
                            } catch (Exception ignored) {
                                // best effort on the way out
                            }
                        });
        Runtime.getRuntime().addShutdownHook(downOnExit);
        // A fresh broker and cluster: incidents left on a topic by an earlier run prove nothing.
        script(Duration.ofSeconds(60), "down.sh", "--data", data.toString(), "--wipe");

        String up =
                script(
                        Duration.ofSeconds(180),
                        "up.sh",
                        "--data",
                        data.toString(),
                        "--kafka-port",
                        String.valueOf(kafkaPort),
                        "--rest-port",
                        String.valueOf(restPort),
                        "--influx-port",
                        String.valueOf(influxPort),
                        "--taskmanagers",
                        "2",
                        "--slots",
                        "1",
                        "--tm-memory",
                        "1024m");
        assertThat(up).contains("Flink is up: 2 TaskManagers").contains("Kafka is up");
        String bootstrap = "127.0.0.1:" + kafkaPort;
        LOG.info("engines up after {} s", secondsSince(started));

        // The scenario is on the topics before the job starts, as the scenario test on the
        // MiniCluster does it: the job reads a backlog. Both waits are wide because two
        // TaskManagers start their sources seconds apart on a loaded machine: idleness (at 3 s a
        // late source's readings fell behind the watermark the other one had moved, rejected as
        // late) and the registry's quiet time (at 5 s readings were joined before the registry
        // entries of a late reader arrived, rejected as unknown-sensor).
        SimulationRun run =
                new Simulator(Scenario.load("elevator-entrapment"), SimOptions.defaults().seed(7))
                        .run();
        try (KafkaPublisher publisher = new KafkaPublisher(bootstrap)) {
            publisher.publish(run, Double.POSITIVE_INFINITY, p -> {});
        }
        LOG.info("scenario published after {} s", secondsSince(started));

        String jobId =
                lastLine(
                        script(
                                Duration.ofSeconds(180),
                                "submit.sh",
                                "--data",
                                data.toString(),
                                "-p",
                                "2",
                                "--",
                                "--idleness",
                                "30s",
                                "--registry-quiet",
                                "15s",
                                "--checkpoint-interval",
                                "2s"));
        assertThat(jobId).as("the job id submit.sh prints").matches("[0-9a-f]{32}");
        LOG.info("job {} submitted after {} s", jobId, secondsSince(started));

        Map<String, Incident> incidents = readUntilTruthSeen(bootstrap, run.truth());
        LOG.info(
                "{} incidents after {} s, by rule {}; dead letters by reason {}",
                incidents.size(),
                secondsSince(started),
                incidents.values().stream()
                        .collect(Collectors.groupingBy(Incident::rule, Collectors.counting())),
                deadLettersByReason(bootstrap));
        List<String> missing = new ArrayList<>();
        for (TruthEntry t : run.truth()) {
            boolean seen =
                    incidents.values().stream()
                            .anyMatch(
                                    i ->
                                            i.rule().equals(t.rule())
                                                    && i.subject().equals(t.subject()));
            if (!seen) {
                missing.add(t.rule() + " " + t.subject());
            }
        }
        if (!missing.isEmpty()) {
            LOG.error("missing incidents; the cluster's logs:\n{}", logTails());
        }
        assertThat(run.truth()).as("the scenario's truth").isNotEmpty();
        assertThat(missing).as("truth entries without an incident on city.incidents").isEmpty();
        String status = script(Duration.ofSeconds(30), "status.sh", "--data", data.toString());
        assertThat(status).contains(jobId + "  RUNNING");

        // The metrics stage on the cluster wrote to the influxd up.sh started (submit.sh passes
        // --influx): the boards' data is there.
        assertThat(status).contains("http://127.0.0.1:" + influxPort);
        Map<String, Long> opened = openedInInflux("http://127.0.0.1:" + influxPort, run.truth());
        LOG.info("incidents_opened in InfluxDB by rule: {}", opened);
        for (TruthEntry t : run.truth()) {
            assertThat(opened.getOrDefault(t.rule(), 0L))
                    .as("incidents_opened of %s in InfluxDB", t.rule())
                    .isPositive();
        }
        // End to end, from each input's append to city.* to the incident version it raised.
        List<Object> latency =
                firstRow(
                        "http://127.0.0.1:" + influxPort,
                        "SELECT sum(\"count\"), sum(\"sum_ms\") / sum(\"count\"),"
                                + " max(\"max_ms\") FROM \"incident_latency\"");
        LOG.info("incident_latency: versions timed, mean ms, max ms = {}", latency.subList(1, 4));
        assertThat(((Number) latency.get(1)).longValue())
                .as("incident versions timed")
                .isGreaterThanOrEqualTo(run.truth().size());
        assertThat(((Number) latency.get(3)).doubleValue())
                .as("longest latency, ms")
                .isBetween(0.0, (double) INCIDENT_DEADLINE.toMillis());
    }

    private static List<Object> firstRow(String url, String query) {
        try (org.influxdb.InfluxDB influx = org.influxdb.InfluxDBFactory.connect(url)) {
            var r = influx.query(new org.influxdb.dto.Query(query, "cityops"));
            assertThat(r.getError()).as(query).isNull();
            var series = r.getResults().get(0).getSeries();
            assertThat(series).as(query).isNotEmpty();
            return series.get(0).getValues().get(0);
        }
    }

    /**
     * {@code incidents_opened} by rule in the {@code cityops} database, polled until every rule of
     * the truth is there (a bucket is written once the watermark has passed it) or two minutes
     * pass.
     */
    private static Map<String, Long> openedInInflux(String url, List<TruthEntry> truth)
            throws InterruptedException {
        Map<String, Long> byRule = new java.util.TreeMap<>();
        try (org.influxdb.InfluxDB influx = org.influxdb.InfluxDBFactory.connect(url)) {
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (System.nanoTime() < deadline) {
                byRule.clear();
                var r =
                        influx.query(
                                new org.influxdb.dto.Query(
                                        "SELECT sum(\"count\") FROM \"incidents_opened\" GROUP BY \"rule\"",
                                        "cityops"));
                var series = r.getResults() == null ? null : r.getResults().get(0).getSeries();
                if (series != null) {
                    for (var s : series) {
                        byRule.put(
                                s.getTags().get("rule"),
                                Math.round(((Number) s.getValues().get(0).get(1)).doubleValue()));
                    }
                }
                if (truth.stream().allMatch(t -> byRule.containsKey(t.rule()))) {
                    break;
                }
                Thread.sleep(2000);
            }
        }
        return byRule;
    }

    /** The latest version of each incident on city.incidents, until every truth entry has one. */
    private static Map<String, Incident> readUntilTruthSeen(
            String bootstrap, List<TruthEntry> truth) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "local-cluster-test-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // The job writes incidents in transactions: only committed ones count.
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, Incident> latest = new HashMap<>();
        long deadline = System.nanoTime() + INCIDENT_DEADLINE.toNanos();
        try (var consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Stream.INCIDENTS_TOPIC));
            while (System.nanoTime() < deadline) {
                for (var r : consumer.poll(Duration.ofMillis(500))) {
                    Incident i = Codec.decodeIncident(r.value()).value();
                    assertThat(i)
                            .as("incident JSON the contract decodes: %s", r.value())
                            .isNotNull();
                    latest.merge(i.id(), i, (a, b) -> a.version() >= b.version() ? a : b);
                }
                boolean all =
                        truth.stream()
                                .allMatch(
                                        t ->
                                                latest.values().stream()
                                                        .anyMatch(
                                                                i ->
                                                                        i.rule().equals(t.rule())
                                                                                && i.subject()
                                                                                        .equals(
                                                                                                t
                                                                                                        .subject())));
                if (all) {
                    break;
                }
            }
        }
        return latest;
    }

    /** What the job rejected so far, counted by stream and reason (for the test log). */
    private static Map<String, Long> deadLettersByReason(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "local-cluster-test-dl-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, Long> counts = new java.util.TreeMap<>();
        try (var consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Stream.DEAD_LETTER_TOPIC));
            long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
            while (System.nanoTime() < until) {
                for (var r : consumer.poll(Duration.ofMillis(500))) {
                    var d = Codec.decodeDeadLetter(r.value()).value();
                    counts.merge(
                            d == null ? "undecodable" : d.stream() + "/" + d.reason(),
                            1L,
                            Long::sum);
                }
            }
        }
        return counts;
    }

    /** Runs a deploy/local script; its output (stdout and stderr) goes to the test log. */
    private static String script(Duration timeout, String name, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add("bash");
        cmd.add(repo.resolve("deploy/local").resolve(name).toString());
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("deploy-local-", ".out");
        try {
            Process proc =
                    new ProcessBuilder(cmd)
                            .directory(repo.toFile())
                            .redirectErrorStream(true)
                            .redirectOutput(out.toFile())
                            .redirectInput(
                                    ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                            .start();
            if (!proc.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                proc.destroyForcibly();
                fail(name + " did not finish in " + timeout.toSeconds() + " s:\n" + read(out));
            }
            String text = read(out);
            LOG.info("{} {}:\n{}", name, String.join(" ", args), text.strip());
            if (proc.exitValue() != 0) {
                fail(name + " exited with " + proc.exitValue() + ":\n" + text + "\n" + logTails());
            }
            return text;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** The end of each process's log, for a failure message. */
    private static String logTails() {
        Path logs = data.resolve("logs");
        if (!Files.isDirectory(logs)) {
            return "(no logs)";
        }
        try (var files = Files.list(logs)) {
            return files.filter(f -> f.toString().endsWith(".log"))
                    .sorted()
                    .map(
                            f -> {
                                List<String> lines = readLines(f);
                                return "---- "
                                        + f.getFileName()
                                        + "\n"
                                        + String.join(
                                                "\n",
                                                lines.subList(
                                                        Math.max(0, lines.size() - 30),
                                                        lines.size()));
                            })
                    .collect(Collectors.joining("\n"));
        } catch (IOException e) {
            return "(logs unreadable: " + e.getMessage() + ")";
        }
    }

    private static List<String> readLines(Path f) {
        try {
            return Files.readAllLines(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of("(unreadable: " + e.getMessage() + ")");
        }
    }

    private static String read(Path f) throws IOException {
        return Files.readString(f, StandardCharsets.UTF_8);
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines[lines.length - 1].strip();
    }

    private static long secondsSince(long nanos) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - nanos);
    }

    private static boolean onPath(String exe) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(":")) {
            if (Files.isExecutable(Path.of(dir, exe))) {
                return true;
            }
        }
        return false;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
