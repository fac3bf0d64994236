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

class SensorOutageRuleTest {
    private static final String RULE = "SENSOR_OUTAGE";
    private static final String STREET = "310101002";
    private RuleHarness h;

    @BeforeEach
    void setUp() throws Exception {
        h = new RuleHarness();
        for (int i = 0; i < 14; i++) {
            h.facility(
                    "S-" + i,
                    FacilityType.WATER_LEVEL,
                    "310101",
                    STREET,
                    null,
                    60,
                    RuleHarness.lat(i),
                    121.4737);
        }
        h.facility(
                "OTHER", FacilityType.WATER_LEVEL, "310101", "310101003", null, 60, 31.24, 121.48);
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    /**
     * Sensors from..to-1 report once, {@code gapSec} apart from {@code startSec}; each goes offline
     * 300 s later.
     */
    private void lastWords(int from, int to, long startSec, long gapSec) {
        for (int i = from; i < to; i++) {
            h.read((startSec + (i - from) * gapSec) * SEC, "S-" + i, Metric.DEPTH_CM, 1);
        }
    }

    @Test
    void tenSensorsOfOneStreetTownOfflineWithinFiveMinutesOpenAnOutageAndSuppressThem() {
        lastWords(0, 10, 0, 30); // offline at 300 s .. 570 s
        h.advance(20 * MIN);
        assertThat(h.matches(RULE))
                .singleElement()
                .satisfies(
                        m -> {
                            assertThat(m.subject()).isEqualTo(STREET);
                            assertThat(m.severity()).isEqualTo("MEDIUM");
                            assertThat(m.ts()).isEqualTo(T0 + 570 * SEC);
                            assertThat(m.title()).isEqualTo("310101002 片区断联 10 台设备离线");
                        });
        assertThat(h.suppresses())
                .hasSize(10)
                .allSatisfy(
                        s -> {
                            assertThat(s.rule()).isEqualTo("SENSOR_OFFLINE");
                            assertThat(s.parentRule()).isEqualTo(RULE);
                            assertThat(s.parentSubject()).isEqualTo(STREET);
                            assertThat(s.parentOpenedAt()).isEqualTo(T0 + 570 * SEC);
                        });
        assertThat(h.suppresses())
                .extracting(Signal::subject)
                .containsExactlyInAnyOrder(
                        "S-0", "S-1", "S-2", "S-3", "S-4", "S-5", "S-6", "S-7", "S-8", "S-9");
        // the incident stage sees each offline MATCH before the SUPPRESS that folds it
        assertThat(h.signals.indexOf(h.matches(RULE).get(0)))
                .isLessThan(h.signals.indexOf(h.suppresses().get(0)));
    }

    @Test
    void nineOfflineSensorsOrTenSpreadOverMoreThanFiveMinutesOpenNothing() {
        lastWords(0, 9, 0, 30);
        h.read(
                9 * 30 * SEC + 300 * SEC,
                "S-9",
                Metric.DEPTH_CM,
                1); // offline 300 s after the first one: outside the window
        h.advance(40 * MIN);
        assertThat(h.matches("SENSOR_OFFLINE")).hasSize(10);
        assertThat(h.of(RULE)).isEmpty();
        assertThat(h.suppresses()).isEmpty();
    }

    @Test
    void laterOfflineSensorsOfTheStreetTownAreSuppressedIntoTheOpenOutage() {
        lastWords(0, 10, 0, 30);
        lastWords(10, 11, 600, 0); // S-10 offline at 900 s
        lastWords(13, 14, 10, 0); // the OTHER street-town is unaffected
        h.read(10 * SEC, "OTHER", Metric.DEPTH_CM, 1);
        h.advance(30 * MIN);
        assertThat(h.suppresses())
                .filteredOn(s -> s.subject().equals("S-10"))
                .extracting(Signal::ts, Signal::parentOpenedAt)
                .containsExactly(tuple(T0 + 900 * SEC, T0 + 570 * SEC));
        assertThat(h.suppresses()).extracting(Signal::subject).doesNotContain("OTHER");
    }

    @Test
    void anOfflineSensorOlderThanTheWindowIsNotFoldedIntoTheOutage() {
        lastWords(13, 14, 0, 0); // S-13 offline at 300 s, long before the others
        lastWords(0, 10, 20 * 60, 10);
        h.advance(60 * MIN);
        assertThat(h.matches(RULE)).hasSize(1);
        assertThat(h.suppresses()).extracting(Signal::subject).hasSize(10).doesNotContain("S-13");
    }

    @Test
    void clearsWhenFewerThanThreeOfItsSensorsAreStillOffline() {
        lastWords(0, 10, 0, 30);
        h.advance(15 * MIN);
        for (int i = 0; i < 7; i++) {
            h.read(16 * MIN + i * SEC, "S-" + i, Metric.HEARTBEAT, 0);
        }
        assertThat(h.clears(RULE)).isEmpty(); // three still offline
        h.read(17 * MIN, "S-7", Metric.HEARTBEAT, 0).read(18 * MIN, "S-8", Metric.HEARTBEAT, 0);
        assertThat(h.clears(RULE))
                .extracting(Signal::subject, Signal::ts)
                .containsExactly(tuple(STREET, T0 + 17 * MIN));
    }
}
