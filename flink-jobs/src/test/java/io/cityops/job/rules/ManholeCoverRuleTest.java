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

class ManholeCoverRuleTest {
    private static final String RULE = "MANHOLE_COVER";
    private RuleHarness h;

    @BeforeEach
    void setUp() throws Exception {
        h = new RuleHarness();
        h.facility("MH-1", FacilityType.MANHOLE);
        h.facility("WL-1", FacilityType.WATER_LEVEL); // same cell
        h.facility(
                "WL-far", FacilityType.WATER_LEVEL, "310101", "310101002", null, 60, 31.26, 121.50);
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    @Test
    void opensTwoMinutesAfterAnOpenCoverWhenNoNormalReadingFollows() {
        h.read(0, "MH-1", Metric.OPEN, 1);
        h.advance(2 * MIN - 1);
        assertThat(h.matches(RULE)).isEmpty();
        h.advance(2 * MIN);
        assertThat(h.matches(RULE))
                .singleElement()
                .satisfies(
                        m -> {
                            assertThat(m.subject()).isEqualTo("MH-1");
                            assertThat(m.severity()).isEqualTo("HIGH");
                            assertThat(m.ts()).isEqualTo(T0 + 2 * MIN);
                            assertThat(m.evTs()).isEqualTo(T0);
                            assertThat(m.title()).isEqualTo("设施MH-1 井盖打开");
                        });
    }

    @Test
    void aCoverThatClosesAgainAfterNinetySecondsOpensNothing() {
        h.read(0, "MH-1", Metric.OPEN, 1).read(90 * SEC, "MH-1", Metric.OPEN, 0).advance(30 * MIN);
        assertThat(h.of(RULE)).isEmpty();
    }

    @Test
    void opensAtFifteenDegreesOfTiltButNotBelow() {
        h.read(0, "MH-1", Metric.TILT_DEG, 14.9).advance(10 * MIN);
        assertThat(h.matches(RULE)).isEmpty();
        h.read(11 * MIN, "MH-1", Metric.TILT_DEG, 15).advance(20 * MIN);
        assertThat(h.matches(RULE))
                .extracting(Signal::ts, Signal::title)
                .containsExactly(tuple(T0 + 13 * MIN, "设施MH-1 井盖倾斜 15°"));
    }

    @Test
    void aReadingThatIsNeitherAbnormalNorNormalDoesNotCancelTheWait() {
        // closed but still tilted 8 degrees: not normal (tilt must be below 5)
        h.read(0, "MH-1", Metric.TILT_DEG, 20)
                .read(MIN, "MH-1", Metric.TILT_DEG, 8)
                .advance(5 * MIN);
        assertThat(h.matches(RULE)).extracting(Signal::ts).containsExactly(T0 + 2 * MIN);
    }

    @Test
    void aCoverLeftOpenMatchesTwoMinutesAfterEachAbnormalReading() {
        h.read(0, "MH-1", Metric.OPEN, 1)
                .read(MIN, "MH-1", Metric.OPEN, 1)
                .read(2 * MIN, "MH-1", Metric.HEARTBEAT, 0)
                .advance(10 * MIN);
        assertThat(h.matches(RULE))
                .extracting(Signal::ts)
                .containsExactly(T0 + 2 * MIN, T0 + 3 * MIN, T0 + 4 * MIN);
    }

    @Test
    void clearsAtTheFirstNormalReading() {
        h.read(0, "MH-1", Metric.OPEN, 1).advance(3 * MIN);
        h.read(4 * MIN, "MH-1", Metric.TILT_DEG, 6)
                .read(4 * MIN, "MH-1", Metric.OPEN, 0); // closed, tilted 6: not normal
        assertThat(h.clears(RULE)).isEmpty();
        h.read(5 * MIN, "MH-1", Metric.TILT_DEG, 4.9).read(6 * MIN, "MH-1", Metric.TILT_DEG, 0);
        assertThat(h.clears(RULE))
                .extracting(Signal::subject, Signal::ts)
                .containsExactly(tuple("MH-1", T0 + 5 * MIN));
    }

    @Test
    void normalReadingsOfAHealthyManholeClearNothing() {
        for (int i = 0; i < 10; i++) {
            h.read(i * MIN, "MH-1", Metric.OPEN, 0);
        }
        assertThat(h.of(RULE)).isEmpty();
    }

    @Test
    void isCriticalWhileItsCellIsWaterlogged() {
        h.read(0, "WL-1", Metric.DEPTH_CM, 20);
        h.read(MIN, "MH-1", Metric.OPEN, 1).advance(4 * MIN);
        assertThat(h.matches(RULE)).extracting(Signal::severity).containsExactly("CRITICAL");
    }

    @Test
    void waterloggingInAnotherCellLeavesItHigh() {
        h.read(0, "WL-far", Metric.DEPTH_CM, 40);
        h.read(MIN, "MH-1", Metric.OPEN, 1).advance(4 * MIN);
        assertThat(h.matches(RULE)).extracting(Signal::severity).containsExactly("HIGH");
    }

    @Test
    void anOpenManholeBecomesCriticalWhenItsCellStartsFlooding() {
        h.read(0, "MH-1", Metric.OPEN, 1).advance(3 * MIN);
        h.read(5 * MIN, "WL-1", Metric.DEPTH_CM, 20);
        h.read(6 * MIN, "WL-1", Metric.DEPTH_CM, 22); // still flooding: no second escalation
        assertThat(h.matches(RULE))
                .extracting(Signal::severity, Signal::ts, Signal::evRef)
                .containsExactly(
                        tuple("HIGH", T0 + 2 * MIN, "MH-1"),
                        tuple("CRITICAL", T0 + 5 * MIN, "WL-1"));
    }

    @Test
    void isHighAgainOnceTheCellsWaterloggingHasCleared() {
        h.read(0, "WL-1", Metric.DEPTH_CM, 20)
                .read(MIN, "WL-1", Metric.DEPTH_CM, 0)
                .advance(40 * MIN);
        assertThat(h.clears("WATERLOGGING")).hasSize(1);
        h.read(41 * MIN, "MH-1", Metric.OPEN, 1).advance(45 * MIN);
        assertThat(h.matches(RULE)).extracting(Signal::severity).containsExactly("HIGH");
    }

    @Test
    void aClosedManholeIsNotEscalatedByLaterFlooding() {
        h.read(0, "MH-1", Metric.OPEN, 1).advance(3 * MIN).read(4 * MIN, "MH-1", Metric.OPEN, 0);
        h.read(5 * MIN, "WL-1", Metric.DEPTH_CM, 20);
        assertThat(h.matches(RULE)).extracting(Signal::severity).containsExactly("HIGH");
    }
}
