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

class StreetlightOutageRuleTest {
    private static final String RULE = "STREETLIGHT_OUTAGE";
    private RuleHarness h;
    private String cell;

    @BeforeEach
    void setUp() throws Exception {
        h = new RuleHarness();
        for (int i = 1; i <= 4; i++) {
            h.facility("SL-" + i, FacilityType.STREETLIGHT);
        }
        h.facility(
                "SL-far", FacilityType.STREETLIGHT, "310101", "310101002", null, 60, 31.26, 121.50);
        cell = h.cellOf("SL-1");
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    @Test
    void threeFaultyLampsOfOneCellWithinFifteenMinutesOpenAnOutageOfTheCell() {
        h.read(0, "SL-1", Metric.FAULT, 1).read(7 * MIN, "SL-2", Metric.FAULT, 1);
        assertThat(h.matches(RULE)).isEmpty();
        h.read(14 * MIN, "SL-3", Metric.FAULT, 1);
        assertThat(h.matches(RULE))
                .extracting(
                        Signal::subject, Signal::severity, Signal::ts, Signal::cell, Signal::title)
                .containsExactly(tuple(cell, "LOW", T0 + 14 * MIN, cell, "310101002 路灯成片故障 3 盏"));
    }

    @Test
    void twoLampsOrOneLampRepeatingOrLampsInAnotherCellOpenNothing() {
        h.read(0, "SL-1", Metric.FAULT, 1)
                .read(MIN, "SL-1", Metric.FAULT, 1)
                .read(2 * MIN, "SL-2", Metric.FAULT, 1);
        h.read(3 * MIN, "SL-far", Metric.FAULT, 1).read(4 * MIN, "SL-2", Metric.FAULT, 1);
        assertThat(h.matches(RULE)).isEmpty();
    }

    @Test
    void threeLampsSpreadOverMoreThanFifteenMinutesOpenNothing() {
        h.read(0, "SL-1", Metric.FAULT, 1)
                .read(8 * MIN, "SL-2", Metric.FAULT, 1)
                .read(15 * MIN, "SL-3", Metric.FAULT, 1);
        assertThat(h.matches(RULE)).isEmpty();
    }

    @Test
    void clearsWhenAllFaultyLampsOfTheCellReportFaultZero() {
        h.read(0, "SL-1", Metric.FAULT, 1)
                .read(MIN, "SL-2", Metric.FAULT, 1)
                .read(2 * MIN, "SL-3", Metric.FAULT, 1);
        h.read(10 * MIN, "SL-4", Metric.FAULT, 0); // was never faulty
        h.read(20 * MIN, "SL-1", Metric.FAULT, 0).read(30 * MIN, "SL-3", Metric.FAULT, 0);
        assertThat(h.clears(RULE)).isEmpty();
        h.read(40 * MIN, "SL-2", Metric.FAULT, 0).read(50 * MIN, "SL-2", Metric.FAULT, 0);
        assertThat(h.clears(RULE))
                .extracting(Signal::subject, Signal::ts)
                .containsExactly(tuple(cell, T0 + 40 * MIN));
    }

    @Test
    void lampsRepairedWithoutAnOutageClearNothing() {
        h.read(0, "SL-1", Metric.FAULT, 1).read(MIN, "SL-1", Metric.FAULT, 0);
        assertThat(h.of(RULE)).isEmpty();
    }
}
