package io.cityops.job.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityops.events.Facility;
import io.cityops.events.FacilityType;
import io.cityops.events.Grid;
import io.cityops.events.Metric;
import io.cityops.events.SensorReading;
import io.cityops.job.CityEvent;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.util.List;

/**
 * The rules operator in Flink's harness: event-time order, the watermark as Esper's clock, state.
 */
class RulesOperatorTest {
    static final long T0 = 1_784_592_000_000L;
    static final long MIN = 60_000;
    static final Facility ELEVATOR =
            new Facility(
                    "EL-310101-0001",
                    FacilityType.ELEVATOR,
                    31.2304,
                    121.4737,
                    "310101",
                    "310101002",
                    null,
                    300,
                    "人民路 1 号电梯");
    static final Facility MANHOLE =
            new Facility(
                    "MH-310101-0001",
                    FacilityType.MANHOLE,
                    31.2304,
                    121.4737,
                    "310101",
                    "310101002",
                    null,
                    300,
                    "人民路井盖");

    static KeyedOneInputStreamOperatorTestHarness<String, CityEvent, Signal> harness(long limit)
            throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new RulesOperator(RuleSet.defaults(), limit),
                        e -> e.district,
                        Types.STRING);
        h.open();
        return h;
    }

    static StreamRecord<CityEvent> reading(Facility f, long ts, Metric m, double v) {
        CityEvent e = CityEvent.reading(new SensorReading(f.id(), ts, m, v));
        e.facility = f;
        e.district = f.district();
        e.cell = Grid.cell(f.lat(), f.lon());
        return new StreamRecord<>(e, ts);
    }

    static List<Signal> signals(
            KeyedOneInputStreamOperatorTestHarness<String, CityEvent, Signal> h) {
        return h.extractOutputValues();
    }

    @Test
    void feedsEsperInEventTimeOrderWhateverTheArrivalOrder() throws Exception {
        var h = harness(Long.MAX_VALUE);
        // Arrives out of order: the entrapment (later) before the all-clear (earlier).
        h.processElement(reading(ELEVATOR, T0 + 2 * MIN, Metric.ENTRAPMENT, 1));
        h.processElement(reading(ELEVATOR, T0 + MIN, Metric.ENTRAPMENT, 0));
        assertThat(signals(h)).as("nothing before the watermark passes").isEmpty();
        h.processWatermark(T0 + 2 * MIN);

        assertThat(signals(h))
                .extracting(Signal::kind, Signal::rule, Signal::ts)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                Signal.Kind.MATCH, "ELEVATOR_ENTRAPMENT", T0 + 2 * MIN));
        h.close();
    }

    @Test
    void firesEsperTimersAsTheWatermarkAdvancesWithNoEvents() throws Exception {
        var h = harness(Long.MAX_VALUE);
        h.processElement(reading(MANHOLE, T0, Metric.OPEN, 1));
        h.processWatermark(T0 + 2 * MIN - 1);
        assertThat(signals(h)).isEmpty();
        h.processWatermark(T0 + 3 * MIN);
        assertThat(signals(h))
                .extracting(Signal::rule, Signal::ts)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("MANHOLE_COVER", T0 + 2 * MIN));
        h.close();
    }

    @Test
    void noRuleTimerFiresPastTheEndOfABoundedRun() throws Exception {
        var h = harness(T0 + MIN);
        h.processElement(reading(MANHOLE, T0, Metric.OPEN, 1));
        h.processWatermark(Long.MAX_VALUE);
        assertThat(signals(h)).isEmpty();
        h.close();
    }

    @Test
    void rejectsAnEventBehindTheWatermarkAsLate() throws Exception {
        var h = harness(Long.MAX_VALUE);
        h.processWatermark(T0 + 5 * MIN);
        h.processElement(reading(ELEVATOR, T0 + MIN, Metric.ENTRAPMENT, 1));
        h.processWatermark(T0 + 10 * MIN);
        assertThat(signals(h)).isEmpty();
        var late = h.getSideOutput(RulesOperator.LATE);
        assertThat(late).hasSize(1);
        assertThat(late.peek().getValue().reason()).isEqualTo("late");
        assertThat(late.peek().getValue().stream()).isEqualTo("sensors");
        h.close();
    }

    @Test
    void keepsWaitingEventsAndFacilityStateAcrossASnapshotAndRestore() throws Exception {
        var h = harness(Long.MAX_VALUE);
        // The manhole's tilt is remembered as its state; the open reading waits for the watermark.
        h.processElement(reading(MANHOLE, T0, Metric.TILT_DEG, 20));
        h.processWatermark(T0);
        h.processElement(reading(MANHOLE, T0 + MIN, Metric.OPEN, 0));
        OperatorSubtaskState snapshot = h.snapshot(1, T0 + MIN);
        h.close();

        var restored =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new RulesOperator(RuleSet.defaults(), Long.MAX_VALUE),
                        (CityEvent e) -> e.district,
                        Types.STRING);
        restored.initializeState(snapshot);
        restored.open();
        assertThat(restored.numKeyedStateEntries()).isPositive();
        // The waiting open=0 reading was restored and applied (tilt is still 20 from the state),
        // and a heartbeat carries the restored state: tilt 20 is abnormal, so the manhole rule
        // matches 2 minutes later. Had the facility state been lost, the heartbeat would be normal.
        restored.processElement(reading(MANHOLE, T0 + 3 * MIN, Metric.HEARTBEAT, 0));
        restored.processWatermark(T0 + 10 * MIN);
        assertThat(restored.extractOutputValues())
                .extracting(Signal::kind, Signal::rule, Signal::ts)
                .contains(
                        org.assertj.core.groups.Tuple.tuple(
                                Signal.Kind.MATCH, "MANHOLE_COVER", T0 + 5 * MIN));
        restored.close();
    }
}
