package io.cityops.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

import io.cityops.events.Districts;
import io.cityops.events.Facility;
import io.cityops.events.FacilityType;
import io.cityops.events.Grid;
import io.cityops.events.Metric;
import io.cityops.events.SensorReading;
import io.cityops.events.StreetOrder;
import io.cityops.events.WeatherMessage;
import io.cityops.events.WeatherObservation;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** A calm day, checked against RULES.md's thresholds directly in the written files. */
class CalmDayTest {
    @TempDir static Path dir;
    static SimulationRun run;
    static Replay replay;

    @BeforeAll
    static void writeCalmDay() throws IOException {
        run =
                new Simulator(Scenario.load("calm-day"), SimOptions.defaults().facilities(1000))
                        .run();
        run.writeTo(dir);
        replay = Replay.read(dir);
    }

    private static Map<String, Facility> byId() {
        Map<String, Facility> out = new HashMap<>();
        replay.registry().forEach(f -> out.put(f.id(), f));
        return out;
    }

    @Test
    void hasNoTruthAndNoRuleFiresOnAnythingInTheFiles() {
        assertThat(run.truth()).isEmpty();
        assertThat(replay.truth()).isEmpty();
        assertThat(replay.evaluateAll()).isEmpty();
    }

    @Test
    void noBackgroundReadingCrossesAThreshold() {
        Map<String, Facility> byId = byId();
        for (List<SensorReading> rs : replay.readings().values()) {
            for (SensorReading r : rs) {
                FacilityType type = byId.get(r.sensor()).type();
                assertThat(r.metric().appliesTo(type)).as("%s on %s", r.metric(), type).isTrue();
                switch (r.metric()) {
                    case DEPTH_CM -> assertThat(r.value()).isLessThan(5);
                    case TILT_DEG ->
                            assertThat(r.value())
                                    .isLessThan(type == FacilityType.STRUCTURE ? 1 : 5);
                    case LEL_PCT -> assertThat(r.value()).isLessThan(5);
                    case OPEN, ENTRAPMENT, FAULT, SMOKE -> assertThat(r.value()).isZero();
                    case HEARTBEAT -> {}
                }
            }
        }
        for (WeatherMessage w : replay.weather()) {
            WeatherObservation o = (WeatherObservation) w;
            assertThat(o.rainMm1h()).isLessThan(5);
            assertThat(o.gustMs()).isLessThan(10);
        }
    }

    @Test
    void everySensorReportsFromTheStartWithNoGapNearTheOfflineWindow() {
        for (Facility f : replay.registry()) {
            if (f.type() == FacilityType.WEATHER_STATION) {
                continue;
            }
            List<SensorReading> rs = replay.readings().get(f.id());
            assertThat(rs).as(f.id()).isNotEmpty();
            long window = Math.max(3L * f.intervalSec(), 300) * 1000;
            assertThat(rs.get(0).ts() - run.start()).isLessThan(f.intervalSec() * 1000L);
            for (int i = 1; i < rs.size(); i++) {
                long gap = rs.get(i).ts() - rs.get(i - 1).ts();
                assertThat(gap)
                        .as(f.id())
                        .isLessThanOrEqualTo((long) (1.1 * f.intervalSec() * 1000))
                        .isLessThan(window);
            }
            assertThat(run.end() - rs.get(rs.size() - 1).ts())
                    .isLessThanOrEqualTo((long) (1.1 * f.intervalSec() * 1000));
        }
    }

    @Test
    void noCellGetsFiveOrdersOfOneCategoryWithinHalfAnHour() {
        Map<String, List<Long>> byKey = new HashMap<>();
        for (StreetOrder o : replay.orders()) {
            byKey.computeIfAbsent(
                            o.category() + "/" + Grid.cell(o.lat(), o.lon()),
                            k -> new ArrayList<>())
                    .add(o.ts());
        }
        for (var e : byKey.entrySet()) {
            assertThat(ReferenceRules.nth(e.getValue(), 5, 30 * 60_000L))
                    .as(e.getKey())
                    .isEqualTo(-1);
            assertThat(ReferenceRules.nth(e.getValue(), 3, 30 * 60_000L))
                    .as(e.getKey())
                    .isEqualTo(-1);
        }
        assertThat(replay.orders()).hasSizeBetween(2000, 4000);
        assertThat(replay.orders().stream().map(StreetOrder::id).distinct().count())
                .isEqualTo(replay.orders().size());
    }

    @Test
    void ordersFollowTheHotlinesDailyRhythm() {
        int[] byHour = new int[24];
        for (StreetOrder o : replay.orders()) {
            byHour[
                    (int)
                            (Math.floorMod(o.ts() + Timeline.SHANGHAI_OFFSET_MS, 86_400_000L)
                                    / 3_600_000L)]++;
        }
        assertThat(byHour[10]).isGreaterThan(5 * byHour[3]);
        assertThat(byHour[15]).isGreaterThan(5 * byHour[3]);
    }

    @Test
    void streetlightsReportAtDuskAndDawn() {
        Map<String, Facility> byId = byId();
        Set<Integer> hours = new HashSet<>();
        for (var e : replay.readings().entrySet()) {
            if (byId.get(e.getKey()).type() == FacilityType.STREETLIGHT) {
                for (SensorReading r : e.getValue()) {
                    if (r.metric() == Metric.FAULT) {
                        hours.add(
                                (int)
                                        (Math.floorMod(
                                                        r.ts() + Timeline.SHANGHAI_OFFSET_MS,
                                                        86_400_000L)
                                                / 3_600_000L));
                    }
                }
            }
        }
        assertThat(hours).containsOnly(5, 18, 19);
    }

    @Test
    void facilitiesCoverAllSixteenDistrictsWithEveryTypeAndTheAskedMix() {
        Map<FacilityType, Integer> count = new EnumMap<>(FacilityType.class);
        Map<String, Set<FacilityType>> typesByDistrict = new HashMap<>();
        for (Facility f : replay.registry()) {
            count.merge(f.type(), 1, Integer::sum);
            typesByDistrict.computeIfAbsent(f.district(), k -> new HashSet<>()).add(f.type());
            assertThat(Districts.isStreetOf(f.street(), f.district())).as(f.id()).isTrue();
            assertThat(Districts.inShanghai(f.lat(), f.lon())).isTrue();
            if (f.type() != FacilityType.WEATHER_STATION) {
                assertThat(f.id()).matches("(WL|MH|EL|SL|GS|SM|ST)-" + f.district() + "-\\d{4}");
            } else {
                assertThat(f.id()).matches("\\d{5}");
            }
        }
        assertThat(typesByDistrict).hasSize(16);
        typesByDistrict
                .values()
                .forEach(t -> assertThat(t).containsExactlyInAnyOrder(FacilityType.values()));
        assertThat(replay.registry().size() - count.get(FacilityType.WEATHER_STATION))
                .isEqualTo(1000);
        assertThat(count.get(FacilityType.WEATHER_STATION)).isEqualTo(200);
        assertThat(count.get(FacilityType.STREETLIGHT)).isBetween(300, 400);
        assertThat(count.get(FacilityType.MANHOLE)).isBetween(270, 330);
        assertThat(replay.registry().stream().map(Facility::id).distinct().count())
                .isEqualTo(replay.registry().size());
    }

    @Test
    void gasSensorsShareTheirBuildingWithASmokeDetector() {
        Map<String, List<FacilityType>> byBuilding =
                replay.registry().stream()
                        .filter(f -> f.building() != null)
                        .collect(
                                Collectors.groupingBy(
                                        Facility::building,
                                        Collectors.mapping(Facility::type, Collectors.toList())));
        long gas = replay.registry().stream().filter(f -> f.type() == FacilityType.GAS).count();
        assertThat(byBuilding.values().stream().filter(t -> t.contains(FacilityType.GAS)))
                .hasSize((int) gas)
                .allSatisfy(
                        t ->
                                assertThat(t)
                                        .containsExactlyInAnyOrder(
                                                FacilityType.GAS, FacilityType.SMOKE));
    }

    @Test
    void everyStreamFileIsInEventTimeOrder() {
        for (String stream : List.of("street-orders", "weather", "sensors")) {
            long prev = Long.MIN_VALUE;
            for (String line : replay.raw().get(stream)) {
                long ts = Lines.parse(line).get("ts").asLong();
                assertThat(ts)
                        .as(stream)
                        .isGreaterThanOrEqualTo(prev)
                        .isGreaterThanOrEqualTo(run.start())
                        .isLessThan(run.end());
                prev = ts;
            }
        }
    }

    @Test
    void linesCarryExactlyTheContractsFields() {
        assertThat(Lines.fields(Lines.parse(replay.raw().get("registry").get(0))))
                .containsExactly(
                        "id",
                        "type",
                        "lat",
                        "lon",
                        "district",
                        "street",
                        "building",
                        "intervalSec",
                        "name");
        assertThat(Lines.fields(Lines.parse(replay.raw().get("sensors").get(0))))
                .containsExactly("sensor", "ts", "metric", "value");
        assertThat(Lines.fields(Lines.parse(replay.raw().get("street-orders").get(0))))
                .containsExactly(
                        "id",
                        "ts",
                        "source",
                        "category",
                        "lat",
                        "lon",
                        "district",
                        "street",
                        "address",
                        "text");
        assertThat(Lines.fields(Lines.parse(replay.raw().get("weather").get(0))))
                .containsExactly(
                        "kind", "station", "ts", "rain_mm_1h", "wind_ms", "gust_ms", "temp_c");
        JsonNode order = Lines.parse(replay.raw().get("street-orders").get(0));
        assertThat(order.get("id").asText()).matches("SO-2026072[01]-\\d{6}");
        assertThat(order.get("ts").isIntegralNumber()).isTrue();
        assertThat(Lines.parse(replay.raw().get("sensors").get(0)).get("value").isDouble())
                .isTrue();
    }

    @Test
    void messagesComeRegistryFirstThenInEventTimeOrderWithContractKeys() {
        var it = run.messages();
        int registry = 0;
        long prev = Long.MIN_VALUE;
        long n = 0;
        while (it.hasNext()) {
            SimMessage m = it.next();
            n++;
            if (n <= run.registry().size()) {
                assertThat(m.stream()).isEqualTo(io.cityops.events.Stream.REGISTRY);
                assertThat(m.key()).isEqualTo(run.registry().get(registry++).id());
                continue;
            }
            assertThat(m.ts()).isGreaterThanOrEqualTo(prev);
            prev = m.ts();
            JsonNode j = Lines.parse(m.json());
            switch (m.stream()) {
                case SENSORS -> assertThat(m.key()).isEqualTo(j.get("sensor").asText());
                case STREET_ORDERS -> assertThat(m.key()).isEqualTo(j.get("district").asText());
                case WEATHER ->
                        assertThat(m.key())
                                .isEqualTo(
                                        j.has("station") ? j.get("station").asText() : "warning");
                default -> throw new AssertionError("unexpected " + m.stream());
            }
            if (n > run.registry().size() + 50_000) {
                break;
            }
        }
        assertThat(registry).isEqualTo(1200);
    }
}
