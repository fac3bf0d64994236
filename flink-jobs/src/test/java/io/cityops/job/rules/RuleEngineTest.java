package io.cityops.job.rules;

import static io.cityops.job.rules.RuleHarness.MIN;
import static io.cityops.job.rules.RuleHarness.T0;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.cityops.events.Facility;
import io.cityops.events.FacilityType;
import io.cityops.events.Metric;
import io.cityops.events.SensorReading;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

class RuleEngineTest {

    private static final Facility ELEVATOR =
            new Facility(
                    "EL-1",
                    FacilityType.ELEVATOR,
                    31.2304,
                    121.4737,
                    "310101",
                    "310101002",
                    null,
                    60,
                    "一号梯");

    private static void trap(RuleEngine engine, long ts) {
        engine.advanceTo(ts);
        engine.reading(
                ELEVATOR,
                new SensorReading("EL-1", ts, Metric.ENTRAPMENT, 1),
                FacilityState.apply(null, Metric.ENTRAPMENT, 1),
                "8931aa");
    }

    @Test
    void twoEnginesInOneJvmKeepTheirOwnStateAndClock() throws Exception {
        List<Signal> a = new ArrayList<>();
        List<Signal> b = new ArrayList<>();
        try (var ea = new RuleEngine("engine-test-a", RuleSet.defaults(), a::add);
                var eb = new RuleEngine("engine-test-b", RuleSet.defaults(), b::add)) {
            ea.advanceTo(T0);
            eb.advanceTo(T0 + 60 * MIN);
            trap(ea, T0 + MIN);
            assertThat(a).hasSize(1);
            assertThat(b).isEmpty();
            assertThat(ea.currentTime()).isEqualTo(T0 + MIN);
            assertThat(eb.currentTime()).isEqualTo(T0 + 60 * MIN);
            eb.advanceTo(T0 + 120 * MIN);
            assertThat(b).isEmpty(); // a's sensor goes offline in a only
            ea.advanceTo(T0 + 120 * MIN);
            assertThat(a)
                    .extracting(Signal::rule)
                    .containsExactly("ELEVATOR_ENTRAPMENT", "SENSOR_OFFLINE");
        }
    }

    @Test
    void refusesAUriThatIsAlreadyInUse() throws Exception {
        try (var first = new RuleEngine("engine-test-dup", RuleSet.defaults(), s -> {})) {
            assertThatThrownBy(() -> new RuleEngine("engine-test-dup", RuleSet.defaults(), s -> {}))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("engine-test-dup");
        }
        try (var again = new RuleEngine("engine-test-dup", RuleSet.defaults(), s -> {})) {
            assertThat(again.uri()).isEqualTo("engine-test-dup"); // free again after close
        }
    }

    @Test
    void timeNeverGoesBack() throws Exception {
        try (var e = new RuleEngine("engine-test-time", RuleSet.defaults(), s -> {})) {
            e.advanceTo(T0 + MIN);
            e.advanceTo(T0);
            assertThat(e.currentTime()).isEqualTo(T0 + MIN);
        }
    }

    @Test
    void timersFireInOrderAtTheirOwnTimesDuringOneLongAdvance() throws Exception {
        try (var h = new RuleHarness()) {
            h.facility("FAST", FacilityType.WATER_LEVEL);
            h.facility(
                    "SLOW",
                    FacilityType.ELEVATOR,
                    "310101",
                    "310101002",
                    null,
                    600,
                    31.2304,
                    121.4737);
            h.read(0, "SLOW", Metric.HEARTBEAT, 0).read(MIN, "FAST", Metric.HEARTBEAT, 0);
            h.advance(24 * 60 * MIN);
            assertThat(h.matches("SENSOR_OFFLINE"))
                    .extracting(Signal::subject, Signal::ts)
                    .containsExactly(tuple("FAST", T0 + 6 * MIN), tuple("SLOW", T0 + 30 * MIN));
        }
    }

    @Test
    void aFailingConsumerFailsTheCallInsteadOfBeingLoggedAway() throws Exception {
        try (var e =
                new RuleEngine(
                        "engine-test-fail",
                        RuleSet.defaults(),
                        s -> {
                            throw new IllegalStateException("sink down");
                        })) {
            e.advanceTo(T0);
            assertThatThrownBy(() -> trap(e, T0 + MIN))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("sink down");
        }
    }

    @Test
    void releasesEachSubjectsStateOnceItClears() throws Exception {
        try (var h = new RuleHarness()) {
            h.facility("WL-1", FacilityType.WATER_LEVEL);
            h.facility("MH-1", FacilityType.MANHOLE);
            h.facility("EL-1", FacilityType.ELEVATOR);
            h.facility(
                    "GAS-1", FacilityType.GAS, "310101", "310101002", "B-1", 60, 31.2304, 121.4737);
            h.read(0, "WL-1", Metric.DEPTH_CM, 20).read(0, "MH-1", Metric.OPEN, 1);
            h.read(0, "EL-1", Metric.ENTRAPMENT, 1).read(0, "GAS-1", Metric.LEL_PCT, 30);
            h.advance(3 * MIN);
            assertThat(h.engine.stateSizes())
                    .containsEntry("WaterloggingActive", 1L)
                    .containsEntry("ManholeActive", 1L)
                    .containsEntry("ElevatorEntrapped", 1L)
                    .containsEntry("GasLeakActive", 1L)
                    .containsEntry("ActiveWaterlogging", 1L)
                    .containsEntry("ActiveManhole", 1L);
            for (int i = 4; i <= 60; i++) {
                h.read(i * MIN, "WL-1", Metric.DEPTH_CM, 0).read(i * MIN, "MH-1", Metric.OPEN, 0);
                h.read(i * MIN, "EL-1", Metric.ENTRAPMENT, 0)
                        .read(i * MIN, "GAS-1", Metric.LEL_PCT, 0);
            }
            assertThat(h.filter(s -> s.kind() == Signal.Kind.CLEAR))
                    .extracting(Signal::rule)
                    .containsExactlyInAnyOrder(
                            "WATERLOGGING", "MANHOLE_COVER", "ELEVATOR_ENTRAPMENT", "GAS_LEAK");
            assertThat(h.engine.stateSizes())
                    .containsEntry("WaterloggingActive", 0L)
                    .containsEntry("ManholeActive", 0L)
                    .containsEntry("ElevatorEntrapped", 0L)
                    .containsEntry("GasLeakActive", 0L)
                    .containsEntry("SensorOffline", 0L)
                    .containsEntry("ActiveWaterlogging", 0L)
                    .containsEntry("ActiveManhole", 0L)
                    .containsEntry("OfflineSensor", 0L)
                    .containsEntry("ActiveOutage", 0L);
        }
    }
}
