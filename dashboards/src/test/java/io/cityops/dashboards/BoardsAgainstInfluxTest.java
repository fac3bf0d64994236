package io.cityops.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityops.events.ActionType;
import io.cityops.events.Codec;
import io.cityops.events.DispatchAction;
import io.cityops.events.Incident;
import io.cityops.events.IncidentStatus;
import io.cityops.events.Stream;
import io.cityops.influx.LocalInflux;
import io.cityops.job.JobConfig;
import io.cityops.job.replay.Replay;
import io.cityops.sim.FaultOptions;
import io.cityops.sim.Scenario;
import io.cityops.sim.SimOptions;
import io.cityops.sim.Simulator;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every panel of every board against a real {@code influxd} that the job filled: a day with a
 * rainstorm, an entrapment and a street-town gone dark (test resource {@code operations-day.yaml}),
 * faulty input, and a dispatcher who acknowledges half the incidents in time and the rest late,
 * replayed with checkpoints into InfluxDB. Each panel's query, with Grafana's macros expanded as
 * Grafana would, must return the series the panel is drawn from; a board whose query returns
 * nothing fails the build.
 */
class BoardsAgainstInfluxTest {
    static final long MIN = 60_000;

    @TempDir static Path dir;
    static LocalInflux influx;
    static TimeRange city;
    static TimeRange wall;

    @BeforeAll
    static void replayARainstormWithADispatcherIntoInfluxDb() throws Exception {
        influx = LocalInflux.start(dir.resolve("influxdb"), 0);
        Path folder = dir.resolve("operations-day");
        new Simulator(
                        Scenario.load(Path.of("src/test/resources/operations-day.yaml").toString()),
                        SimOptions.defaults()
                                .faults(FaultOptions.parse("malformed=0.002,unknown=0.001")))
                .run()
                .writeTo(folder);
        // What opens without anyone acting, so the dispatcher's actions can name it.
        Path untouched = dir.resolve("untouched.ndjson");
        Replay.run(folder, untouched, JobConfig.defaults().withParallelism(2), env());
        List<Incident> incidents = new ArrayList<>();
        for (String l : Files.readAllLines(untouched)) {
            incidents.add(Codec.decodeIncident(l).value());
        }
        Files.write(folder.resolve(Stream.DISPATCH_ACTIONS.file()), dispatcher(incidents));

        long started = System.currentTimeMillis();
        Replay.Summary s =
                Replay.run(
                        folder,
                        dir.resolve("incidents.ndjson"),
                        JobConfig.defaults().withParallelism(2).withInflux(influx.url(), "cityops"),
                        env());
        // The board as the operations centre saw it at the end of the day.
        city = new TimeRange(s.endOfTime() - 24 * 60 * MIN, s.endOfTime());
        wall = new TimeRange(started - MIN, System.currentTimeMillis() + MIN);
    }

    @AfterAll
    static void stopInflux() {
        if (influx != null) {
            influx.close();
        }
    }

    /** Checkpoints every 200 ms, so the pipeline board's checkpoint panel has something to show. */
    static StreamExecutionEnvironment env() {
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_PORT, "0");
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                dir.resolve("checkpoints").toUri().toString());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, conf);
        env.enableCheckpointing(200);
        return env;
    }

    /** Acknowledges every other incident two minutes after it opened, the rest two hours after. */
    static List<String> dispatcher(List<Incident> incidents) {
        List<DispatchAction> actions = new ArrayList<>();
        int n = 0;
        for (Incident i : incidents) {
            if (i.status() == IncidentStatus.SUPPRESSED) {
                continue;
            }
            long after = n++ % 2 == 0 ? 2 * MIN : 120 * MIN;
            actions.add(
                    new DispatchAction(
                            i.id(),
                            i.openedAt() + after,
                            ActionType.ACK,
                            "dispatcher-07",
                            null,
                            null));
        }
        actions.sort(java.util.Comparator.comparingLong(DispatchAction::ts));
        return actions.stream().map(Codec::encode).toList();
    }

    @Test
    void everyPanelOfEveryBoardReturnsTheSeriesItIsDrawnFrom() {
        Map<Panel, List<SeriesResult>> results =
                PanelQueries.allValues().run(influx.url(), "cityops", city, wall);
        assertThat(results).hasSize(Boards.all().stream().mapToInt(b -> b.panels().size()).sum());
        List<String> problems = new ArrayList<>();
        results.forEach(
                (panel, series) -> {
                    if (series.isEmpty()) {
                        problems.add(panel.title() + ": no series");
                    }
                    panel.expect()
                            .mismatch(series)
                            .ifPresent(m -> problems.add(panel.title() + ": " + m));
                });
        assertThat(problems).isEmpty();
    }

    @Test
    void aDistrictChosenOnTheBoardNarrowsItsPanelsToThatDistrict() {
        String pudong = "310115";
        Map<Panel, List<SeriesResult>> results =
                PanelQueries.allValues()
                        .with(Variables.DISTRICT, pudong)
                        .run(influx.url(), "cityops", city, wall);
        List<SeriesResult> byDistrict =
                results.values().stream()
                        .flatMap(List::stream)
                        .filter(r -> r.tags().containsKey("district"))
                        .toList();
        assertThat(byDistrict).isNotEmpty();
        assertThat(byDistrict)
                .allSatisfy(r -> assertThat(r.tags().get("district")).isEqualTo(pudong));
    }
}
