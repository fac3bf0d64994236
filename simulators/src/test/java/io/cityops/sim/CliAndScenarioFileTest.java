package io.cityops.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

class CliAndScenarioFileTest {
    @TempDir Path tmp;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int cli(String... args) {
        return SimulatorCli.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void writesAReplayFolderWithTheFlagsGiven() throws IOException {
        int status =
                cli(
                        "--scenario",
                        "gas-leak",
                        "--out",
                        tmp.toString(),
                        "--facilities",
                        "300",
                        "--seed",
                        "11",
                        "--duration",
                        "90m",
                        "--gzip",
                        "--faults",
                        "malformed=0.01");

        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(tmp.resolve("sensors.ndjson.gz")).exists();
        assertThat(tmp.resolve("truth.ndjson")).exists();
        assertThat(Files.readString(tmp.resolve("scenario.json")))
                .contains("\"seed\":11", "\"facilities\":300");
        assertThat(Files.readString(tmp.resolve("faults.json"))).contains("\"invalid-json\"");
    }

    @Test
    void listsTheBuiltInScenarios() {
        assertThat(cli("--list")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains(
                        "calm-day",
                        "rainstorm",
                        "typhoon",
                        "sensor-outage",
                        "elevator-entrapment",
                        "gas-leak",
                        "street-vendors");
    }

    @Test
    void rejectsBadUsageInOneLineWithTheOffendingValue() {
        assertThat(cli("--scenario", "rainstorm", "--out", tmp.toString(), "--speed", "fast"))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--speed fast").hasLineCount(1);
        err.reset();
        assertThat(cli("--scenario", "no-such-thing", "--out", tmp.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no-such-thing");
        err.reset();
        assertThat(cli("--out", tmp.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--scenario");
    }

    @Test
    void everyBuiltInScenarioLoads() {
        for (String name : Scenario.BUILT_IN) {
            Scenario s = Scenario.load(name);
            assertThat(s.name()).isEqualTo(name);
            assertThat(s.durationMs())
                    .isLessThanOrEqualTo(name.equals("calm-day") ? 86_400_000L : 4 * 3_600_000L);
        }
    }

    @Test
    void loadsAScenarioFileFromAPathAndReadsLocalTimeAsShanghai() throws IOException {
        Path file = tmp.resolve("mine.yaml");
        Files.writeString(
                file,
                """
                name: mine
                start: "2026-07-21 08:00"
                duration: 1h30m
                facilities: 200
                events:
                  - entrapment: {district: 310101, at: 10m, duration: 5m}
                """);
        Scenario s = Scenario.load(file.toString());

        assertThat(s.start())
                .isEqualTo(
                        java.time.OffsetDateTime.parse("2026-07-21T00:00:00Z")
                                .toInstant()
                                .toEpochMilli());
        assertThat(s.durationMs()).isEqualTo(5_400_000);
        SimulationRun run = new Simulator(s, SimOptions.defaults()).run();
        assertThat(run.truth()).extracting(TruthEntry::rule).containsExactly("ELEVATOR_ENTRAPMENT");
    }

    @Test
    void scenarioErrorsNameTheFieldAndTheValue() {
        assertThatThrownBy(
                        () ->
                                Scenario.parse(
                                        "name: x\nstart: 0\nduration: 1h\nevents:\n  - flood: {district: 999999, at: 1m, peakCm: 20}\n",
                                        "x.yaml"))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("x.yaml.events[0].flood.district")
                .hasMessageContaining("999999");
        assertThatThrownBy(() -> Scenario.parse("name: x\nstart: 0\nduration: soon\n", "x.yaml"))
                .hasMessageContaining("duration")
                .hasMessageContaining("soon");
        assertThatThrownBy(
                        () ->
                                Scenario.parse(
                                        "name: x\nstart: 0\nduration: 1h\nevents:\n  - flod: {}\n",
                                        "x.yaml"))
                .hasMessageContaining("flod");
        assertThatThrownBy(
                        () ->
                                Scenario.parse(
                                        "name: x\nstart: 0\nduration: 1h\nevents:\n  - manhole: {near: nowhere, at: 1m, openFor: 5m}\n",
                                        "x.yaml"))
                .hasMessageContaining("events[0].near")
                .hasMessageContaining("nowhere");
        // A flood that never reaches 15 cm has no onset for a manhole to follow.
        String shallow =
                "name: x\nstart: 0\nduration: 2h\nevents:\n  - flood: {id: f, district: 310101, at: 1m, peakCm: 10}\n"
                        + "  - manhole: {near: f, at: 1m, openFor: 5m}\n";
        assertThatThrownBy(
                        () ->
                                new Simulator(
                                                Scenario.parse(shallow, "x.yaml"),
                                                SimOptions.defaults().facilities(100))
                                        .run())
                .hasMessageContaining("never reaches 15 cm");
    }
}
