package io.cityops.job.rules;

import static io.cityops.job.rules.RuleHarness.MIN;
import static io.cityops.job.rules.RuleHarness.T0;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.cityops.events.Grid;
import io.cityops.events.OrderCategory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StreetOrderHotspotRuleTest {
    private static final String RULE = "STREET_ORDER_HOTSPOT";
    private static final double LAT = 31.2304;
    private static final double LON = 121.4737;
    private RuleHarness h;
    private String subject;

    @BeforeEach
    void setUp() throws Exception {
        h = new RuleHarness();
        subject = "STREET_VENDOR/" + Grid.cell(LAT, LON);
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    private void vendors(long fromMin, long everyMin, int count) {
        for (int i = 0; i < count; i++) {
            h.order((fromMin + i * everyMin) * MIN, OrderCategory.STREET_VENDOR, LAT, LON);
        }
    }

    @Test
    void fiveOrdersOfOneCategoryInOneCellWithinHalfAnHourOpenAHotspot() {
        vendors(0, 7, 4);
        assertThat(h.matches(RULE)).isEmpty();
        vendors(29, 1, 1);
        assertThat(h.matches(RULE))
                .singleElement()
                .satisfies(
                        m -> {
                            assertThat(m.subject()).isEqualTo(subject);
                            assertThat(m.category()).isEqualTo("STREET_VENDOR");
                            assertThat(m.severity()).isEqualTo("MEDIUM");
                            assertThat(m.ts()).isEqualTo(T0 + 29 * MIN);
                            assertThat(m.evStream()).isEqualTo("street-orders");
                            assertThat(m.evRef()).isEqualTo("SO-5");
                            assertThat(m.title()).isEqualTo("310101002 占道经营 热点 5 单");
                        });
    }

    @Test
    void fourOrdersOrFiveSpreadOverMoreThanHalfAnHourOpenNothing() {
        vendors(0, 10, 4);
        assertThat(h.matches(RULE)).isEmpty();
        vendors(40, 1, 1); // the first order is 40 min old: four in the window
        assertThat(h.matches(RULE)).isEmpty();
    }

    @Test
    void otherCategoriesAndOtherCellsCountApart() {
        vendors(0, 1, 4);
        h.order(5 * MIN, OrderCategory.NOISE, LAT, LON);
        h.order(6 * MIN, OrderCategory.STREET_VENDOR, LAT + 0.01, LON);
        assertThat(h.matches(RULE)).isEmpty();
    }

    @Test
    void everyFurtherOrderIsAMatchAndFifteenMakeItHigh() {
        vendors(0, 1, 15);
        assertThat(h.matches(RULE))
                .hasSize(11)
                .extracting(Signal::severity)
                .endsWith("MEDIUM", "HIGH");
    }

    @Test
    void clearsTwoHoursAfterTheLastOrderOfItsCategoryInTheCell() {
        vendors(0, 1, 5);
        vendors(60, 1, 1);
        h.order(150 * MIN, OrderCategory.NOISE, LAT, LON); // another category does not keep it open
        h.advance(10 * 60 * MIN);
        assertThat(h.clears(RULE))
                .extracting(Signal::subject, Signal::ts)
                .containsExactly(tuple(subject, T0 + 180 * MIN));
    }

    @Test
    void clearsTwoHoursAfterTheOpeningOrderWhenNoneFollows() {
        vendors(0, 1, 5);
        h.advance(5 * 60 * MIN);
        assertThat(h.clears(RULE)).extracting(Signal::ts).containsExactly(T0 + 124 * MIN);
    }
}
