package io.cityops.job.rules;

import static io.cityops.job.rules.RuleHarness.MIN;
import static io.cityops.job.rules.RuleHarness.SEC;
import static io.cityops.job.rules.RuleHarness.T0;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.cityops.events.FacilityType;
import io.cityops.events.Metric;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GasLeakRuleTest {
    private static final String RULE = "GAS_LEAK";
    private RuleHarness h;

    @BeforeEach
    void setUp() throws Exception {
        h = new RuleHarness();
        h.facility("GAS-1", FacilityType.GAS, "310101", "310101002", "B-7", 60, 31.2304, 121.4737);
        h.facility("GAS-2", FacilityType.GAS, "310101", "310101002", "B-7", 60, 31.2304, 121.4737);
        h.facility(
                "GAS-solo", FacilityType.GAS, "310101", "310101002", null, 60, 31.2304, 121.4737);
        h.facility("SM-1", FacilityType.SMOKE, "310101", "310101002", "B-7", 60, 31.2304, 121.4737);
        h.facility(
                "SM-other",
                FacilityType.SMOKE,
                "310101",
                "310101002",
                "B-8",
                60,
                31.2304,
                121.4737);
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    @Test
    void opensHighAtTenPercentLelForTheBuilding() {
        h.read(0, "GAS-1", Metric.LEL_PCT, 9.9);
        assertThat(h.matches(RULE)).isEmpty();
        h.read(MIN, "GAS-1", Metric.LEL_PCT, 10);
        assertThat(h.matches(RULE))
                .extracting(
                        Signal::subject, Signal::severity, Signal::ts, Signal::evRef, Signal::title)
                .containsExactly(tuple("B-7", "HIGH", T0 + MIN, "GAS-1", "设施GAS-1 燃气泄漏 10% LEL"));
    }

    @Test
    void aDetectorWithoutBuildingIsItsOwnSubject() {
        h.read(0, "GAS-solo", Metric.LEL_PCT, 12);
        assertThat(h.matches(RULE)).extracting(Signal::subject).containsExactly("GAS-solo");
    }

    @Test
    void twoDetectorsOfOneBuildingMatchTheSameSubject() {
        h.read(0, "GAS-1", Metric.LEL_PCT, 12).read(10 * SEC, "GAS-2", Metric.LEL_PCT, 14);
        assertThat(h.matches(RULE)).extracting(Signal::subject).containsExactly("B-7", "B-7");
    }

    @Test
    void isCriticalFromTwentyFivePercentLel() {
        h.read(0, "GAS-1", Metric.LEL_PCT, 24.9).read(MIN, "GAS-1", Metric.LEL_PCT, 25);
        assertThat(h.matches(RULE))
                .extracting(Signal::severity)
                .containsExactly("HIGH", "CRITICAL");
    }

    @Test
    void isCriticalWhenTheBuildingsSmokeDetectorFiredWithinTwoMinutesBefore() {
        h.read(0, "SM-1", Metric.SMOKE, 1);
        h.read(119 * SEC, "GAS-1", Metric.LEL_PCT, 12);
        assertThat(h.matches(RULE))
                .extracting(Signal::severity, Signal::title)
                .containsExactly(tuple("CRITICAL", "设施GAS-1 燃气泄漏 12% LEL 伴烟感报警"));
    }

    @Test
    void smokeLongerAgoOrInAnotherBuildingLeavesItHigh() {
        h.read(0, "SM-1", Metric.SMOKE, 1).read(0, "SM-1", Metric.SMOKE, 0); // alarm reset
        h.read(MIN, "SM-other", Metric.SMOKE, 1);
        h.read(3 * MIN, "GAS-1", Metric.LEL_PCT, 12);
        assertThat(h.matches(RULE)).extracting(Signal::severity).containsExactly("HIGH");
    }

    @Test
    void smokeWithinTwoMinutesAfterTheGasRaisesItToCriticalAtTheSmokesTime() {
        h.read(0, "GAS-1", Metric.LEL_PCT, 12);
        h.read(90 * SEC, "SM-1", Metric.SMOKE, 1);
        assertThat(h.matches(RULE))
                .extracting(Signal::subject, Signal::severity, Signal::ts, Signal::evRef)
                .containsExactly(
                        tuple("B-7", "HIGH", T0, "GAS-1"),
                        tuple("B-7", "CRITICAL", T0 + 90 * SEC, "SM-1"));
    }

    @Test
    void smokeMoreThanTwoMinutesAfterTheGasDoesNotRaiseIt() {
        h.read(0, "GAS-1", Metric.LEL_PCT, 12);
        h.read(121 * SEC, "SM-1", Metric.SMOKE, 1);
        assertThat(h.matches(RULE)).extracting(Signal::severity).containsExactly("HIGH");
    }

    @Test
    void clearsTenMinutesAfterTheFirstOfAnUnbrokenRunBelowFive() {
        h.read(0, "GAS-1", Metric.LEL_PCT, 15);
        h.read(MIN, "GAS-1", Metric.LEL_PCT, 4);
        h.read(
                2 * MIN,
                "GAS-2",
                Metric.LEL_PCT,
                6); // another detector of the building breaks the run
        h.read(3 * MIN, "GAS-2", Metric.LEL_PCT, 1);
        for (int i = 4; i <= 20; i++) {
            h.read(i * MIN, "GAS-1", Metric.LEL_PCT, 0);
        }
        assertThat(h.clears(RULE))
                .extracting(Signal::subject, Signal::ts)
                .containsExactly(tuple("B-7", T0 + 13 * MIN));
    }

    @Test
    void aSoloDetectorClearsByItself() {
        h.read(0, "GAS-solo", Metric.LEL_PCT, 15)
                .read(MIN, "GAS-solo", Metric.LEL_PCT, 0)
                .advance(30 * MIN);
        assertThat(h.clears(RULE))
                .extracting(Signal::subject, Signal::ts)
                .containsExactly(tuple("GAS-solo", T0 + 11 * MIN));
    }
}
