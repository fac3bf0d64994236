package io.cityops.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityops.events.Facility;
import io.cityops.events.FacilityType;
import io.cityops.events.Grid;
import io.cityops.events.Metric;
import io.cityops.events.SensorReading;
import io.cityops.events.StreetOrder;
import io.cityops.events.WeatherObservation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Each scenario's truth names the expected rules and subjects, and matches the data it wrote. */
class ScenarioTruthTest {
    @TempDir Path tmp;

    private Replay write(String scenario) throws IOException {
        SimulationRun run =
                new Simulator(Scenario.load(scenario), SimOptions.defaults().facilities(800)).run();
        Path dir = tmp.resolve(scenario);
        run.writeTo(dir);
        return Replay.read(dir);
    }

    private static Map<String, List<String>> subjectsByRule(Replay r) {
        return r.truth().stream()
                .collect(
                        Collectors.groupingBy(
                                n -> n.get("rule").asText(),
                                Collectors.mapping(
                                        n -> n.get("subject").asText(), Collectors.toList())));
    }

    private static long open(Replay r, String rule, String subject) {
        return r.truth().stream()
                        .filter(
                                n ->
                                        n.get("rule").asText().equals(rule)
                                                && n.get("subject").asText().equals(subject))
                        .findFirst()
                        .orElseThrow()
                        .get("earliest")
                        .asLong()
                + Simulator.TRUTH_TOLERANCE_MS;
    }

    private static Facility facility(Replay r, String id) {
        return r.registry().stream().filter(f -> f.id().equals(id)).findFirst().orElseThrow();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "rainstorm",
                "typhoon",
                "sensor-outage",
                "elevator-entrapment",
                "gas-leak",
                "street-vendors"
            })
    void truthIsExactlyWhatEveryRuleFindsInTheWrittenFiles(String scenario) throws IOException {
        Replay r = write(scenario);

        assertThat(r.truth()).isNotEmpty();
        assertThat(r.evaluateAll()).isEqualTo(Replay.entries(r.truth()));
        assertThat(Replay.entries(r.truth())).isSorted();
    }

    @Test
    void rainstormFloodsFourUnderpassesAndLiftsAManholeInAFloodedCell() throws IOException {
        Replay r = write("rainstorm");
        Map<String, List<String>> truth = subjectsByRule(r);

        assertThat(truth.keySet())
                .containsExactlyInAnyOrder("WATERLOGGING", "MANHOLE_COVER", "STREET_ORDER_HOTSPOT");
        List<String> flooded = truth.get("WATERLOGGING");
        assertThat(flooded).hasSize(4).allMatch(id -> id.startsWith("WL-"));
        assertThat(flooded.stream().map(id -> id.substring(3, 9)))
                .containsExactlyInAnyOrder("310101", "310106", "310104", "310109");
        long over30 = flooded.stream().filter(id -> max(r, id, Metric.DEPTH_CM) >= 30).count();
        assertThat(over30).isEqualTo(2);
        for (String id : flooded) {
            // Recedes and then reads under 5 cm for more than 30 min, so it resolves by itself.
            List<SensorReading> depths =
                    r.readings().get(id).stream()
                            .filter(x -> x.metric() == Metric.DEPTH_CM)
                            .toList();
            long lastHigh =
                    depths.stream()
                            .filter(x -> x.value() >= 5)
                            .mapToLong(SensorReading::ts)
                            .max()
                            .orElseThrow();
            assertThat(depths.get(depths.size() - 1).ts() - lastHigh).isGreaterThan(30 * 60_000L);
        }

        String manhole = truth.get("MANHOLE_COVER").get(0);
        Facility mh = facility(r, manhole);
        String wl =
                flooded.stream()
                        .filter(
                                id ->
                                        Grid.cell(facility(r, id).lat(), facility(r, id).lon())
                                                .equals(Grid.cell(mh.lat(), mh.lon())))
                        .findFirst()
                        .orElseThrow();
        long opened = open(r, "MANHOLE_COVER", manhole);
        long lifted = opened - 120_000;
        assertThat(r.readings().get(manhole))
                .anyMatch(x -> x.ts() == lifted && x.metric() == Metric.OPEN && x.value() == 1);
        assertThat(r.readings().get(manhole))
                .noneMatch(
                        x ->
                                x.ts() > lifted
                                        && x.ts() <= opened
                                        && x.metric() == Metric.OPEN
                                        && x.value() == 0);
        // The underpass is flooded (a reading ≥ 15 before the lift, none under 5 in between).
        long floodOpen = open(r, "WATERLOGGING", wl);
        assertThat(floodOpen).isLessThan(lifted);
        assertThat(r.readings().get(wl))
                .noneMatch(
                        x ->
                                x.ts() > floodOpen
                                        && x.ts() < opened
                                        && x.metric() == Metric.DEPTH_CM
                                        && x.value() < 5);

        String cell = Grid.cell(facility(r, wl).lat(), facility(r, wl).lon());
        assertThat(truth.get("STREET_ORDER_HOTSPOT"))
                .containsExactly("WATERLOGGING_REPORT/" + cell);
        assertThat(r.weather())
                .anyMatch(
                        w ->
                                w instanceof io.cityops.events.WeatherWarning ww
                                        && ww.level() == io.cityops.events.WarningLevel.ORANGE
                                        && ww.districts().contains("310101"));
    }

    @Test
    void typhoonGustsTiltStructuresWithinTenMinutesAndOneBeyondSix() throws IOException {
        Replay r = write("typhoon");
        Map<String, List<String>> truth = subjectsByRule(r);

        assertThat(truth.get("STRUCTURE_WIND")).hasSize(4);
        assertThat(truth.get("STRUCTURE_WIND").stream().filter(id -> id.startsWith("ST-310115-")))
                .hasSize(3);
        assertThat(truth.get("STRUCTURE_WIND").stream().filter(id -> id.startsWith("ST-310110-")))
                .hasSize(1);
        assertThat(truth.get("STRUCTURE_WIND")).anyMatch(id -> max(r, id, Metric.TILT_DEG) >= 6);
        Map<String, String> stationDistrict =
                r.registry().stream()
                        .filter(f -> f.type() == FacilityType.WEATHER_STATION)
                        .collect(Collectors.toMap(Facility::id, Facility::district));
        for (String id : truth.get("STRUCTURE_WIND")) {
            long t = open(r, "STRUCTURE_WIND", id);
            String district = facility(r, id).district();
            assertThat(r.weather())
                    .anyMatch(
                            w ->
                                    w instanceof WeatherObservation o
                                            && o.gustMs() >= 17.2
                                            && stationDistrict.get(o.station()).equals(district)
                                            && o.ts() <= t
                                            && o.ts() >= t - 600_000);
        }
        assertThat(truth.get("STREETLIGHT_OUTAGE")).hasSize(1);
    }

    @Test
    void sensorOutageSilencesAStreetTownThatComesBack() throws IOException {
        Replay r = write("sensor-outage");
        Map<String, List<String>> truth = subjectsByRule(r);

        assertThat(truth.get("SENSOR_OUTAGE")).containsExactly("310104003");
        List<String> silent =
                truth.get("SENSOR_OFFLINE").stream()
                        .filter(id -> facility(r, id).street().equals("310104003"))
                        .toList();
        assertThat(silent).hasSize(14);
        assertThat(truth.get("SENSOR_OFFLINE")).hasSize(15);
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (String id : silent) {
            long deadline = open(r, "SENSOR_OFFLINE", id);
            List<SensorReading> rs = r.readings().get(id);
            long lastBefore =
                    rs.stream()
                            .mapToLong(SensorReading::ts)
                            .filter(t -> t < deadline)
                            .max()
                            .orElseThrow();
            assertThat(deadline - lastBefore)
                    .isEqualTo(Math.max(3L * facility(r, id).intervalSec(), 300) * 1000);
            first = Math.min(first, lastBefore);
            last = Math.max(last, lastBefore);
            assertThat(rs).as("comes back").anyMatch(x -> x.ts() > deadline);
        }
        assertThat(last - first).isLessThanOrEqualTo(120_000);
    }

    @Test
    void elevatorEntrapmentsOpenAtTheAlarm() throws IOException {
        Replay r = write("elevator-entrapment");
        List<String> elevators = subjectsByRule(r).get("ELEVATOR_ENTRAPMENT");

        assertThat(subjectsByRule(r)).containsOnlyKeys("ELEVATOR_ENTRAPMENT");
        assertThat(elevators).hasSize(2).allMatch(id -> id.startsWith("EL-"));
        for (String id : elevators) {
            long t = open(r, "ELEVATOR_ENTRAPMENT", id);
            assertThat(r.readings().get(id))
                    .anyMatch(x -> x.ts() == t && x.metric() == Metric.ENTRAPMENT && x.value() == 1)
                    .anyMatch(x -> x.ts() > t && x.metric() == Metric.ENTRAPMENT && x.value() == 0);
        }
    }

    @Test
    void gasLeakRisesPastTwentyFiveWithSmokeInTheSameBuildingWithinTwoMinutes() throws IOException {
        Replay r = write("gas-leak");
        List<String> buildings = subjectsByRule(r).get("GAS_LEAK");

        assertThat(subjectsByRule(r)).containsOnlyKeys("GAS_LEAK");
        assertThat(buildings).hasSize(2).allMatch(b -> b.startsWith("B-"));
        String changning =
                buildings.stream().filter(b -> b.startsWith("B-310105-")).findFirst().orElseThrow();
        Facility gas =
                r.registry().stream()
                        .filter(f -> changning.equals(f.building()) && f.type() == FacilityType.GAS)
                        .findFirst()
                        .orElseThrow();
        Facility smoke =
                r.registry().stream()
                        .filter(
                                f ->
                                        changning.equals(f.building())
                                                && f.type() == FacilityType.SMOKE)
                        .findFirst()
                        .orElseThrow();
        long t = open(r, "GAS_LEAK", changning);
        assertThat(r.readings().get(gas.id())).anyMatch(x -> x.ts() == t && x.value() >= 10);
        assertThat(max(r, gas.id(), Metric.LEL_PCT)).isGreaterThanOrEqualTo(25);
        assertThat(r.readings().get(smoke.id()))
                .anyMatch(
                        x ->
                                x.metric() == Metric.SMOKE
                                        && x.value() == 1
                                        && Math.abs(x.ts() - t) <= 120_000);
    }

    @Test
    void streetVendorsClusterAtMetroExitsAndPeoplesSquareReachesFifteen() throws IOException {
        Replay r = write("street-vendors");
        List<String> hotspots = subjectsByRule(r).get("STREET_ORDER_HOTSPOT");

        String square = "STREET_VENDOR/" + Grid.cell(31.2330, 121.4752);
        assertThat(hotspots)
                .containsExactlyInAnyOrder(
                        square,
                        "STREET_VENDOR/" + Grid.cell(31.1948, 121.4370),
                        "ILLEGAL_PARKING/" + Grid.cell(31.2383, 121.5022));
        List<Long> times =
                r.orders().stream()
                        .filter(
                                o ->
                                        (o.category() + "/" + Grid.cell(o.lat(), o.lon()))
                                                .equals(square))
                        .map(StreetOrder::ts)
                        .toList();
        assertThat(ReferenceRules.nth(times, 15, 30 * 60_000L)).isPositive();
        assertThat(open(r, "STREET_ORDER_HOTSPOT", square))
                .isEqualTo(times.stream().sorted().toList().get(4));
    }

    private static double max(Replay r, String id, Metric m) {
        return r.readings().get(id).stream()
                .filter(x -> x.metric() == m)
                .mapToDouble(SensorReading::value)
                .max()
                .orElse(0);
    }
}
