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

class ElevatorEntrapmentRuleTest {
    private static final String RULE = "ELEVATOR_ENTRAPMENT";
    private RuleHarness h;

    @BeforeEach
    void setUp() throws Exception {
        h = new RuleHarness();
        h.facility("EL-1", FacilityType.ELEVATOR);
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    @Test
    void opensCriticalOnEveryReadingWhileSomeoneIsTrapped() {
        h.read(0, "EL-1", Metric.ENTRAPMENT, 1).read(MIN, "EL-1", Metric.HEARTBEAT, 0);
        assertThat(h.matches(RULE))
                .extracting(Signal::subject, Signal::severity, Signal::ts, Signal::title)
                .containsExactly(
                        tuple("EL-1", "CRITICAL", T0, "设施EL-1 电梯困人"),
                        tuple("EL-1", "CRITICAL", T0 + MIN, "设施EL-1 电梯困人"));
    }

    @Test
    void aFaultWithoutEntrapmentIsNotAnEntrapment() {
        h.read(0, "EL-1", Metric.FAULT, 1);
        assertThat(h.of(RULE)).isEmpty();
    }

    @Test
    void clearsWhenEntrapmentReturnsToZeroAndOnlyOnce() {
        h.read(0, "EL-1", Metric.ENTRAPMENT, 1)
                .read(12 * MIN, "EL-1", Metric.ENTRAPMENT, 0)
                .read(13 * MIN, "EL-1", Metric.ENTRAPMENT, 0);
        assertThat(h.clears(RULE))
                .extracting(Signal::subject, Signal::ts)
                .containsExactly(tuple("EL-1", T0 + 12 * MIN));
    }

    @Test
    void healthyElevatorsSendNoClears() {
        h.read(0, "EL-1", Metric.ENTRAPMENT, 0).read(MIN, "EL-1", Metric.ENTRAPMENT, 0);
        assertThat(h.of(RULE)).isEmpty();
    }
}
