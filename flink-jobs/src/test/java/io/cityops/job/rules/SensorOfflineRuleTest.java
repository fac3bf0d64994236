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

class SensorOfflineRuleTest {
    private static final String RULE = "SENSOR_OFFLINE";
    private RuleHarness h;

    @BeforeEach
    void setUp() throws Exception {
        h = new RuleHarness();
        h.facility("WL-1", FacilityType.WATER_LEVEL); // every 60 s: floor of 300 s applies
        h.facility(
                "EL-slow",
                FacilityType.ELEVATOR,
                "310101",
                "310101002",
                null,
                600,
                31.2304,
                121.4737);
        h.facility("WS-1", FacilityType.WEATHER_STATION);
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    @Test
    void opensFiveMinutesAfterTheLastReadingOfAFastSensor() {
        h.read(0, "WL-1", Metric.DEPTH_CM, 1);
        h.advance(5 * MIN - 1);
        assertThat(h.matches(RULE)).isEmpty();
        h.advance(5 * MIN);
        assertThat(h.matches(RULE))
                .extracting(
                        Signal::subject, Signal::severity, Signal::ts, Signal::evTs, Signal::title)
                .containsExactly(tuple("WL-1", "LOW", T0 + 5 * MIN, T0, "设施WL-1 设备离线"));
    }

    @Test
    void waitsThreeIntervalsForASlowSensor() {
        h.read(0, "EL-slow", Metric.HEARTBEAT, 0).advance(2 * 60 * MIN);
        assertThat(h.matches(RULE)).extracting(Signal::ts).containsExactly(T0 + 30 * MIN);
    }

    @Test
    void eachReadingRestartsTheWait() {
        h.read(0, "WL-1", Metric.DEPTH_CM, 1)
                .read(299 * SEC, "WL-1", Metric.HEARTBEAT, 0)
                .read(598 * SEC, "WL-1", Metric.DEPTH_CM, 1);
        h.advance(20 * MIN);
        assertThat(h.matches(RULE)).extracting(Signal::ts).containsExactly(T0 + 898 * SEC);
    }

    @Test
    void aFacilityThatNeverReportedOrAWeatherStationIsNeverOffline() {
        h.read(0, "WS-1", Metric.HEARTBEAT, 0); // a station's own heartbeat does not count
        h.advance(60 * MIN);
        assertThat(h.of(RULE)).isEmpty();
    }

    @Test
    void clearsAtTheNextReadingWhateverItSays() {
        h.read(0, "WL-1", Metric.DEPTH_CM, 1).advance(20 * MIN);
        h.read(21 * MIN, "WL-1", Metric.HEARTBEAT, 0).read(22 * MIN, "WL-1", Metric.DEPTH_CM, 2);
        assertThat(h.of(RULE))
                .extracting(Signal::kind, Signal::ts)
                .containsExactly(
                        tuple(Signal.Kind.MATCH, T0 + 5 * MIN),
                        tuple(Signal.Kind.CLEAR, T0 + 21 * MIN));
    }

    @Test
    void goesOfflineAgainAfterComingBack() {
        h.read(0, "WL-1", Metric.DEPTH_CM, 1)
                .advance(10 * MIN)
                .read(10 * MIN, "WL-1", Metric.DEPTH_CM, 1)
                .advance(30 * MIN);
        assertThat(h.of(RULE))
                .extracting(Signal::kind, Signal::ts)
                .containsExactly(
                        tuple(Signal.Kind.MATCH, T0 + 5 * MIN),
                        tuple(Signal.Kind.CLEAR, T0 + 10 * MIN),
                        tuple(Signal.Kind.MATCH, T0 + 15 * MIN));
    }
}
