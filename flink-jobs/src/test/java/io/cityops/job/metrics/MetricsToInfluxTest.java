package io.cityops.job.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityops.events.Codec;
import io.cityops.events.DeadLetter;
import io.cityops.events.Incident;
import io.cityops.events.Reasons;
import io.cityops.job.JobConfig;
import io.cityops.job.replay.Replay;
import io.cityops.job.testing.SharedCluster;
import io.cityops.sim.FaultOptions;
import io.cityops.sim.Scenario;
import io.cityops.sim.SimOptions;
import io.cityops.sim.Simulator;

import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The metrics stage against a real {@code influxd}: a rainstorm with faults replayed at parallelism
 * 1 and 2 (the second twice, into the same database) writes the same points, whose counts agree
 * with the job's own output; and with InfluxDB unreachable the incidents are what they always are.
 */
class MetricsToInfluxTest {
    static final List<String> CITY =
            List.of(
                    "events",
                    "rejected",
                    "incidents_opened",
                    "incidents_resolved",
                    "open_incidents",
                    "incident_times",
                    "breaches",
                    "weather",
                    "water_depth",
                    "sensors_online");

    @TempDir static Path dir;
    static Path folder;
    static Path incidentsP2;
    static InfluxDB influx;

    @BeforeAll
    static void replayTheRainstormIntoInfluxDb() throws Exception {
        String url = SharedCluster.influx().url();
        folder = dir.resolve("rainstorm");
        new Simulator(
                        Scenario.load("rainstorm"),
                        SimOptions.defaults()
                                .facilities(600)
                                .seed(5)
                                .faults(
                                        FaultOptions.parse(
                                                "malformed=0.002,unknown=0.001,late=0.002,disorderSec=120")))
                .run()
                .writeTo(folder);
        Replay.run(
                folder,
                dir.resolve("p1.ndjson"),
                JobConfig.defaults().withParallelism(1).withInflux(url, "metrics_p1"),
                SharedCluster.env(1));
        incidentsP2 = dir.resolve("p2.ndjson");
        for (int i = 0; i < 2; i++) {
            Replay.run(
                    folder,
                    incidentsP2,
                    JobConfig.defaults().withParallelism(2).withInflux(url, "metrics_p2"),
                    SharedCluster.env(2));
        }
        influx = InfluxDBFactory.connect(url);
    }

    @AfterAll
    static void disconnect() {
        if (influx != null) {
            influx.close();
        }
    }

    @Test
    void writesTheSamePointsAtEveryParallelism() {
        for (String m : CITY) {
            // Input the decoder refused is counted at the wall clock: only event time repeats.
            String where = m.equals("rejected") ? " WHERE time < now() - 1d" : "";
            List<String> one = points("metrics_p1", m, where);
            assertThat(one).as("points of %s", m).isNotEmpty();
            assertThat(points("metrics_p2", m, where))
                    .as("points of %s at parallelism 2", m)
                    .isEqualTo(one);
        }
    }

    @Test
    void aSecondReplayOverwritesItsPointsInsteadOfAddingToThem() throws Exception {
        assertThat(
                        sumBy(
                                "metrics_p2",
                                "SELECT sum(\"count\") FROM \"incidents_opened\" GROUP BY \"rule\""))
                .isEqualTo(byRule(incidents(incidentsP2)));
    }

    @Test
    void theOpenGaugeRisesWithEachRuleAndEndsWithTheIncidentsStillOpen() throws Exception {
        List<Incident> incidents = incidents(incidentsP2);
        Map<String, Long> last = new TreeMap<>();
        sumBy("metrics_p2", "SELECT last(\"count\") FROM \"open_incidents\" GROUP BY *")
                .forEach((k, v) -> last.merge(k.split("/")[1], v, Long::sum));
        last.values().removeIf(v -> v == 0);
        assertThat(last)
                .isEqualTo(byRule(incidents.stream().filter(i -> i.status().isActive()).toList()));
        Map<String, Long> peak =
                sumBy(
                        "metrics_p2",
                        "SELECT max(\"count\") FROM \"open_incidents\" GROUP BY \"rule\"");
        for (String rule : byRule(incidents).keySet()) {
            assertThat(peak.getOrDefault(rule, 0L)).as("peak of open %s", rule).isPositive();
        }
    }

    @Test
    void timesEveryOpeningFromItsInputsArrival() throws Exception {
        // p1 ran once: each incident's opening version was raised by an input (or by time passing
        // after one), so each is timed; later versions raised by inputs add to the count.
        Map<String, Long> timed =
                sumBy(
                        "metrics_p1",
                        "SELECT sum(\"count\") FROM \"incident_latency\" GROUP BY \"rule\"");
        Map<String, Long> opened = byRule(incidents(dir.resolve("p1.ndjson")));
        assertThat(timed.keySet()).isEqualTo(opened.keySet());
        opened.forEach(
                (rule, n) ->
                        assertThat(timed.get(rule)).as("timed %s", rule).isGreaterThanOrEqualTo(n));
        // Wall-clock ms within the replay that made them: none negative, none past the run.
        Map<String, Long> longest =
                sumBy(
                        "metrics_p1",
                        "SELECT max(\"max_ms\") FROM \"incident_latency\" GROUP BY \"rule\"");
        assertThat(longest.values()).allSatisfy(ms -> assertThat(ms).isBetween(0L, 600_000L));
    }

    @Test
    void countsEveryRejectionByStreamAndReason() throws Exception {
        // One run only: input the decoder refused is counted at the wall clock, so a second
        // replay into the same database counts it again.
        Map<String, Long> expected =
                rejected(dir.resolve("p1.ndjson")).stream()
                        .collect(
                                Collectors.groupingBy(
                                        d -> d.reason() + "/" + d.stream(),
                                        TreeMap::new,
                                        Collectors.counting()));
        assertThat(expected)
                .containsKeys(
                        Reasons.UNKNOWN_SENSOR + "/sensors", Reasons.INVALID_JSON + "/sensors");
        assertThat(
                        sumBy(
                                "metrics_p1",
                                "SELECT sum(\"count\") FROM \"rejected\" GROUP BY \"stream\",\"reason\""))
                .isEqualTo(expected);
    }

    @Test
    void countsEveryAcceptedReadingOnce() throws Exception {
        long lines = Files.readAllLines(folder.resolve("sensors.ndjson")).size();
        // Late readings are turned away where they enter, before they are counted.
        long rejected =
                rejected(incidentsP2).stream().filter(d -> d.stream().equals("sensors")).count();
        Map<String, Long> events =
                sumBy("metrics_p2", "SELECT sum(\"count\") FROM \"events\" GROUP BY \"stream\"");
        assertThat(events.get("sensors")).isEqualTo(lines - rejected);
        assertThat(events).containsKeys("weather", "street-orders");
    }

    @Test
    void showsTheFloodedUnderpassesAndTheSensorsHeardFrom() {
        double deepest =
                ((Number)
                                series(
                                                "metrics_p2",
                                                "SELECT max(\"depth_cm\") FROM \"water_depth\"")
                                        .get(0)
                                        .getValues()
                                        .get(0)
                                        .get(1))
                        .doubleValue();
        assertThat(deepest).isGreaterThanOrEqualTo(30);
        assertThat(
                        series(
                                "metrics_p2",
                                "SELECT max(\"count\") FROM \"sensors_online\" GROUP BY \"type\""))
                .extracting(s -> s.getTags().get("type"))
                .contains("WATER_LEVEL", "MANHOLE", "ELEVATOR", "STREETLIGHT");
    }

    @Test
    void incidentsFlowTheSameWhenInfluxDbIsUnreachable() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Path out = dir.resolve("no-influx.ndjson");
        long started = System.nanoTime();
        Replay.run(
                folder,
                out,
                JobConfig.defaults()
                        .withParallelism(2)
                        .withInflux("http://127.0.0.1:" + closed, "x"),
                SharedCluster.env(2));
        assertThat(Files.mismatch(out, incidentsP2)).isEqualTo(-1L);
        assertThat((System.nanoTime() - started) / 1e9)
                .as("seconds: the writer gives up on an InfluxDB that takes nothing")
                .isLessThan(120);
    }

    private static List<Incident> incidents(Path file) throws Exception {
        return Files.readAllLines(file).stream().map(l -> Codec.decodeIncident(l).value()).toList();
    }

    private static List<DeadLetter> rejected(Path incidentsFile) throws Exception {
        return Files.readAllLines(Path.of(incidentsFile + ".rejected")).stream()
                .map(l -> Codec.decodeDeadLetter(l).value())
                .toList();
    }

    private static Map<String, Long> byRule(List<Incident> incidents) {
        return incidents.stream()
                .collect(
                        Collectors.groupingBy(Incident::rule, TreeMap::new, Collectors.counting()));
    }

    private static List<String> points(String db, String measurement, String where) {
        List<String> out = new ArrayList<>();
        for (QueryResult.Series s : series(db, "SELECT * FROM \"" + measurement + "\"" + where)) {
            for (List<Object> row : s.getValues()) {
                out.add(s.getColumns() + "=" + row);
            }
        }
        return out;
    }

    /** The first value of each series, by its tag values joined with '/' in tag-name order. */
    private static Map<String, Long> sumBy(String db, String q) {
        Map<String, Long> m = new TreeMap<>();
        for (QueryResult.Series s : series(db, q)) {
            String key = String.join("/", new TreeMap<>(s.getTags()).values());
            m.put(key, Math.round(((Number) s.getValues().get(0).get(1)).doubleValue()));
        }
        return m;
    }

    static List<QueryResult.Series> series(String db, String q) {
        QueryResult r = influx.query(new Query(q, db));
        assertThat(r.getError()).as(q).isNull();
        QueryResult.Result first = r.getResults().get(0);
        assertThat(first.getError()).as(q).isNull();
        return first.getSeries() == null ? List.of() : first.getSeries();
    }
}
