package io.cityops.job.rules;

import static io.cityops.job.rules.RuleHarness.MIN;
import static io.cityops.job.rules.RuleHarness.T0;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.cityops.events.FacilityType;
import io.cityops.events.Hazard;
import io.cityops.events.Metric;
import io.cityops.events.WarningLevel;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WaterloggingRuleTest {
    private static final String RULE = "WATERLOGGING";
    private RuleHarness h;

    @BeforeEach
    void setUp() throws Exception {
        h = new RuleHarness();
        h.facility("WL-1", FacilityType.WATER_LEVEL);
        h.facility("WL-2", FacilityType.WATER_LEVEL);
        h.facility("WS-1", FacilityType.WEATHER_STATION);
        h.facility(
                "WS-9",
                FacilityType.WEATHER_STATION,
                "310104",
                "310104001",
                null,
                600,
                31.19,
                121.43);
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    @Test
    void opensAtFifteenCentimetresButNotAtFourteenPointNine() {
        h.read(0, "WL-1", Metric.DEPTH_CM, 14.9);
        assertThat(h.matches(RULE)).isEmpty();

        h.read(MIN, "WL-1", Metric.DEPTH_CM, 15);
        assertThat(h.matches(RULE))
                .singleElement()
                .satisfies(
                        m -> {
                            assertThat(m.subject()).isEqualTo("WL-1");
                            assertThat(m.category()).isEqualTo(RULE);
                            assertThat(m.severity()).isEqualTo("MEDIUM");
                            assertThat(m.ts()).isEqualTo(T0 + MIN);
                            assertThat(m.district()).isEqualTo("310101");
                            assertThat(m.street()).isEqualTo("310101002");
                            assertThat(m.cell()).isEqualTo(h.cellOf("WL-1"));
                            assertThat(m.title()).isEqualTo("设施WL-1 积水 15 cm");
                            assertThat(m.evStream()).isEqualTo("sensors");
                            assertThat(m.evRef()).isEqualTo("WL-1");
                            assertThat(m.evTs()).isEqualTo(T0 + MIN);
                        });
    }

    @Test
    void matchesEveryWetReadingOfOneSensorForTheIncidentStageToDeduplicate() {
        h.read(0, "WL-1", Metric.DEPTH_CM, 17.5)
                .read(MIN, "WL-1", Metric.DEPTH_CM, 18)
                .read(2 * MIN, "WL-1", Metric.DEPTH_CM, 16);
        assertThat(h.matches(RULE))
                .extracting(Signal::subject)
                .containsExactly("WL-1", "WL-1", "WL-1");
        assertThat(h.matches(RULE))
                .extracting(Signal::title)
                .first()
                .isEqualTo("设施WL-1 积水 17.5 cm");
    }

    @Test
    void isHighFromThirtyCentimetres() {
        h.read(0, "WL-1", Metric.DEPTH_CM, 29.9).read(MIN, "WL-1", Metric.DEPTH_CM, 30);
        assertThat(h.matches(RULE)).extracting(Signal::severity).containsExactly("MEDIUM", "HIGH");
    }

    @Test
    void isHighWhenAStationOfTheDistrictReportedHeavyRainWithinTheHourBefore() {
        h.observe(0, "WS-1", 30.0, null);
        h.read(59 * MIN, "WL-1", Metric.DEPTH_CM, 16);
        h.read(61 * MIN, "WL-2", Metric.DEPTH_CM, 16);
        assertThat(h.matches(RULE))
                .extracting(Signal::subject, Signal::severity)
                .containsExactly(tuple("WL-1", "HIGH"), tuple("WL-2", "MEDIUM"));
    }

    @Test
    void lightRainOrRainInAnotherDistrictLeavesItMedium() {
        h.observe(0, "WS-1", 29.9, null);
        h.observe(0, "WS-9", 80.0, null);
        h.read(MIN, "WL-1", Metric.DEPTH_CM, 16);
        assertThat(h.matches(RULE)).extracting(Signal::severity).containsExactly("MEDIUM");
    }

    @Test
    void isHighWhileAnOrangeOrRedRainstormWarningCoversTheDistrict() {
        h.read(0, "WL-1", Metric.DEPTH_CM, 16);
        h.warn(MIN, Hazard.RAINSTORM, WarningLevel.YELLOW, "310101", null);
        h.read(2 * MIN, "WL-1", Metric.DEPTH_CM, 16);
        h.warn(3 * MIN, Hazard.RAINSTORM, WarningLevel.ORANGE, "310101", T0 + 10 * MIN);
        h.read(4 * MIN, "WL-1", Metric.DEPTH_CM, 16);
        h.read(11 * MIN, "WL-1", Metric.DEPTH_CM, 16);
        assertThat(h.matches(RULE))
                .extracting(Signal::severity)
                .containsExactly("MEDIUM", "MEDIUM", "HIGH", "MEDIUM");
    }

    @Test
    void aWarningOfAnotherHazardOrDistrictDoesNotRaiseIt() {
        h.warn(0, Hazard.TYPHOON, WarningLevel.RED, "310101", null);
        h.warn(0, Hazard.RAINSTORM, WarningLevel.RED, "310104", null);
        h.read(MIN, "WL-1", Metric.DEPTH_CM, 16);
        assertThat(h.matches(RULE)).extracting(Signal::severity).containsExactly("MEDIUM");
    }

    @Test
    void clearsThirtyMinutesAfterTheFirstOfAnUnbrokenRunOfDryReadings() {
        h.read(0, "WL-1", Metric.DEPTH_CM, 20);
        h.read(1 * MIN, "WL-1", Metric.DEPTH_CM, 4);
        h.read(2 * MIN, "WL-1", Metric.DEPTH_CM, 5); // breaks the run
        for (int i = 3; i <= 40; i++) {
            h.read(i * MIN, "WL-1", Metric.DEPTH_CM, 2);
        }
        assertThat(h.clears(RULE))
                .singleElement()
                .satisfies(
                        c -> {
                            assertThat(c.subject()).isEqualTo("WL-1");
                            assertThat(c.ts()).isEqualTo(T0 + 33 * MIN);
                        });
    }

    @Test
    void clearsAtItsOwnTimeEvenWhenTheClockJumpsPastIt() {
        h.read(0, "WL-1", Metric.DEPTH_CM, 20).read(MIN, "WL-1", Metric.DEPTH_CM, 0);
        h.advance(3 * 60 * MIN);
        assertThat(h.clears(RULE)).extracting(Signal::ts).containsExactly(T0 + 31 * MIN);
    }

    @Test
    void neverClearsASensorThatNeverMatched() {
        for (int i = 0; i <= 90; i++) {
            h.read(i * MIN, "WL-1", Metric.DEPTH_CM, 1);
        }
        assertThat(h.of(RULE)).isEmpty();
    }

    @Test
    void clearsOnceThenMatchesAndClearsAgain() {
        h.read(0, "WL-1", Metric.DEPTH_CM, 20).read(MIN, "WL-1", Metric.DEPTH_CM, 0);
        for (int i = 2; i <= 70; i++) {
            h.read(i * MIN, "WL-1", Metric.DEPTH_CM, 0);
        }
        h.read(71 * MIN, "WL-1", Metric.DEPTH_CM, 25)
                .read(72 * MIN, "WL-1", Metric.DEPTH_CM, 0)
                .advance(200 * MIN);
        assertThat(h.of(RULE))
                .extracting(Signal::kind, Signal::ts)
                .containsExactly(
                        tuple(Signal.Kind.MATCH, T0),
                        tuple(Signal.Kind.CLEAR, T0 + 31 * MIN),
                        tuple(Signal.Kind.MATCH, T0 + 71 * MIN),
                        tuple(Signal.Kind.CLEAR, T0 + 102 * MIN));
    }
}
