package io.cityops.job.rules;

import static io.cityops.job.rules.RuleHarness.MIN;
import static io.cityops.job.rules.RuleHarness.T0;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.cityops.events.FacilityType;
import io.cityops.events.Metric;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StructureWindRuleTest {
    private static final String RULE = "STRUCTURE_WIND";
    private RuleHarness h;

    @BeforeEach
    void setUp() throws Exception {
        h = new RuleHarness();
        h.facility("ST-1", FacilityType.STRUCTURE);
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
    void opensHighAtThreeDegreesWithinTenMinutesAfterAGaleGustInTheDistrict() {
        h.observe(0, "WS-1", null, 17.2);
        h.read(9 * MIN, "ST-1", Metric.TILT_DEG, 3);
        assertThat(h.matches(RULE))
                .extracting(Signal::subject, Signal::severity, Signal::ts, Signal::title)
                .containsExactly(tuple("ST-1", "HIGH", T0 + 9 * MIN, "设施ST-1 结构倾斜 3° (大风)"));
    }

    @Test
    void threeDegreesWithoutAGaleOpenNothing() {
        h.observe(0, "WS-1", null, 17.1);
        h.observe(0, "WS-9", null, 30.0);
        h.read(MIN, "ST-1", Metric.TILT_DEG, 5.9);
        h.observe(2 * MIN, "WS-1", null, 20.0);
        h.read(3 * MIN, "ST-1", Metric.TILT_DEG, 2.9);
        h.read(13 * MIN, "ST-1", Metric.TILT_DEG, 4); // the gust is 11 min old
        assertThat(h.matches(RULE)).isEmpty();
    }

    @Test
    void opensCriticalAtSixDegreesAtAnyTime() {
        h.read(0, "ST-1", Metric.TILT_DEG, 6);
        assertThat(h.matches(RULE))
                .extracting(Signal::severity, Signal::title)
                .containsExactly(tuple("CRITICAL", "设施ST-1 结构倾斜 6°"));
    }

    @Test
    void clearsThirtyMinutesAfterTheFirstOfAnUnbrokenRunBelowOneDegree() {
        h.read(0, "ST-1", Metric.TILT_DEG, 7);
        h.read(5 * MIN, "ST-1", Metric.TILT_DEG, 0.5);
        h.read(10 * MIN, "ST-1", Metric.TILT_DEG, 1); // breaks the run
        h.read(15 * MIN, "ST-1", Metric.TILT_DEG, 0.2);
        h.advance(2 * 60 * MIN);
        assertThat(h.clears(RULE))
                .extracting(Signal::subject, Signal::ts)
                .containsExactly(tuple("ST-1", T0 + 45 * MIN));
    }
}
