package io.cityops.job.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityops.events.Facility;
import io.cityops.events.FacilityType;
import io.cityops.events.Grid;
import io.cityops.events.Metric;
import io.cityops.events.OrderCategory;
import io.cityops.events.OrderSource;
import io.cityops.events.SensorReading;
import io.cityops.events.StreetOrder;
import io.cityops.job.CityEvent;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The rules operator restored from a snapshot taken anywhere in a six-hour day emits exactly the
 * signals that a run which never stopped emits after that point: none lost, none repeated, even
 * with patterns in flight and conditions open for longer than the rebuild's horizon.
 */
class EsperRebuildTest {
    static final long T0 = 1_784_592_000_000L;
    static final long MIN = 60_000;
    static final String DISTRICT = "310101";

    static final Facility MANHOLE = facility("MH-310101-0001", FacilityType.MANHOLE, 300);
    static final Facility FLOOD = facility("WL-310101-0001", FacilityType.WATER_LEVEL, 60);
    static final Facility SILENT = facility("WL-310101-0002", FacilityType.WATER_LEVEL, 60);
    static final Facility ELEVATOR = facility("EL-310101-0001", FacilityType.ELEVATOR, 300);
    static final Facility SLOW = facility("GS-310101-0001", FacilityType.GAS, 3600);
    static final Facility[] LAMPS = {
        facility("SL-310101-0001", FacilityType.STREETLIGHT, 3600),
        facility("SL-310101-0002", FacilityType.STREETLIGHT, 3600),
        facility("SL-310101-0003", FacilityType.STREETLIGHT, 3600),
    };

    /** The day, as the operator receives it: events and watermarks in arrival order. */
    static List<Object> day;

    /** The watermarks of the day: the points a checkpoint may be taken at. */
    static final TreeSet<Long> MARKS = new TreeSet<>();

    static Facility facility(String id, FacilityType type, int intervalSec) {
        return new Facility(
                id, type, 31.2304, 121.4737, DISTRICT, "310101002", null, intervalSec, id);
    }

    @BeforeAll
    static void aDayInOneDistrict() {
        List<StreamRecord<CityEvent>> events = new ArrayList<>();
        // A flooded underpass at 20 cm from 0:40 that recedes to 10 cm for three hours (neither
        // open nor clear: longer than the horizon), then drains: CLEAR 30 min into the dry run.
        for (long m = 0; m < 6 * 60; m++) {
            double depth = m < 40 ? 1 : m < 41 ? 20 : m < 4 * 60 ? 10 : 2;
            events.add(reading(FLOOD, T0 + m * MIN + 7_000, Metric.DEPTH_CM, depth));
        }
        // A sensor that reports each minute for ten minutes and goes silent: offline at 0:14.
        for (long m = 0; m < 10; m++) {
            events.add(reading(SILENT, T0 + m * MIN, Metric.HEARTBEAT, 0));
        }
        // A manhole opened at 0:30, its heartbeats keep it open until it closes at 4:00.
        for (long m = 0; m < 6 * 60; m += 5) {
            events.add(reading(MANHOLE, T0 + m * MIN + 3_000, Metric.HEARTBEAT, 0));
        }
        events.add(reading(MANHOLE, T0 + 30 * MIN, Metric.OPEN, 1));
        events.add(reading(MANHOLE, T0 + 240 * MIN + 1_000, Metric.OPEN, 0));
        // People trapped at 0:50, then the elevator goes silent until it reports them out at 5:00.
        events.add(reading(ELEVATOR, T0 + 50 * MIN, Metric.ENTRAPMENT, 1));
        events.add(reading(ELEVATOR, T0 + 300 * MIN, Metric.ENTRAPMENT, 0));
        // A gas detector that reports hourly: its last report at 0:40 makes it offline at 3:40,
        // a silence timer that outlives the horizon.
        events.add(reading(SLOW, T0, Metric.LEL_PCT, 0));
        events.add(reading(SLOW, T0 + 40 * MIN, Metric.LEL_PCT, 0));
        // Three lamps of one cell fail at 0:05-0:07 (a dark block); one is mended at 0:10, the
        // other two report nothing until they are mended at 3:30 and 5:00 (CLEAR): until then
        // their latest reports, hours old, are what says the block is still dark.
        for (int l = 0; l < 3; l++) {
            events.add(reading(LAMPS[l], T0 + (5 + l) * MIN, Metric.FAULT, 1));
        }
        events.add(reading(LAMPS[0], T0 + 10 * MIN, Metric.FAULT, 0));
        events.add(reading(LAMPS[1], T0 + 210 * MIN, Metric.FAULT, 0));
        events.add(reading(LAMPS[2], T0 + 300 * MIN + 2_000, Metric.FAULT, 0));
        // Vendors: three orders, then two more (a hotspot at 0:25), then one every 70 min: open
        // for hours, cleared two hours after the last.
        long[] orderMinutes = {20, 21, 22, 24, 25, 95, 165, 235};
        for (int i = 0; i < orderMinutes.length; i++) {
            events.add(order("SO-" + i, T0 + orderMinutes[i] * MIN));
        }
        // A repeated order id: ignored.
        events.add(order("SO-3", T0 + 26 * MIN));
        events.sort((a, b) -> Long.compare(a.getTimestamp(), b.getTimestamp()));

        // Watermarks every 3 min, plus ones exactly at timers (the manhole's MATCH at 0:32, the
        // offline deadline at 0:14) and just before them.
        for (long m = 0; m <= 7 * 60; m += 3) {
            MARKS.add(T0 + m * MIN);
        }
        MARKS.add(T0 + 32 * MIN);
        MARKS.add(T0 + 32 * MIN - 1);
        MARKS.add(T0 + 14 * MIN);
        MARKS.add(T0 + 14 * MIN + 1);
        MARKS.add(T0 + 23 * MIN);
        MARKS.add(T0 + 31 * MIN);
        day = new ArrayList<>();
        int i = 0;
        for (long mark : MARKS) {
            // Events arrive a little ahead of the watermark that passes them.
            while (i < events.size() && events.get(i).getTimestamp() <= mark + 2 * MIN) {
                day.add(events.get(i++));
            }
            day.add(mark);
        }
        assertThat(i).isEqualTo(events.size());
    }

    static StreamRecord<CityEvent> reading(Facility f, long ts, Metric m, double v) {
        CityEvent e = CityEvent.reading(new SensorReading(f.id(), ts, m, v));
        e.facility = f;
        e.district = f.district();
        e.cell = Grid.cell(f.lat(), f.lon());
        return new StreamRecord<>(e, ts);
    }

    static StreamRecord<CityEvent> order(String id, long ts) {
        CityEvent e =
                CityEvent.order(
                        new StreetOrder(
                                id,
                                ts,
                                OrderSource.HOTLINE,
                                OrderCategory.STREET_VENDOR,
                                31.2304,
                                121.4737,
                                DISTRICT,
                                "310101002",
                                "南京东路 100 号",
                                null));
        e.cell = Grid.cell(31.2304, 121.4737);
        return new StreamRecord<>(e, ts);
    }

    static KeyedOneInputStreamOperatorTestHarness<String, CityEvent, Signal> harness()
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new RulesOperator(RuleSet.defaults(), Long.MAX_VALUE),
                e -> e.district,
                Types.STRING);
    }

    @SuppressWarnings("unchecked")
    static void play(
            KeyedOneInputStreamOperatorTestHarness<String, CityEvent, Signal> h, List<Object> steps)
            throws Exception {
        for (Object step : steps) {
            if (step instanceof Long mark) {
                h.processWatermark(mark);
            } else {
                h.processElement((StreamRecord<CityEvent>) step);
            }
        }
    }

    static List<Signal> uninterrupted() throws Exception {
        var h = harness();
        h.open();
        play(h, day);
        List<Signal> out = h.extractOutputValues();
        h.close();
        return out;
    }

    /** The day with a snapshot after step {@code k}, restored into a fresh operator. */
    static List<Signal> restoredAfter(int k) throws Exception {
        var first = harness();
        first.open();
        play(first, day.subList(0, k));
        List<Signal> out = new ArrayList<>(first.extractOutputValues());
        OperatorSubtaskState snapshot = first.snapshot(1, 0);
        first.close();

        var second = harness();
        second.initializeState(snapshot);
        second.open();
        play(second, day.subList(k, day.size()));
        out.addAll(second.extractOutputValues());
        second.close();
        return out;
    }

    @Test
    void theDayHasPatternsInFlightAndConditionsOpenLongerThanTheHorizon() throws Exception {
        List<Signal> signals = uninterrupted();
        assertThat(RuleSet.defaults().longestWindowMs()).isEqualTo(120 * MIN);
        assertThat(signals)
                .filteredOn(s -> s.kind() == Signal.Kind.CLEAR)
                .extracting(Signal::rule, Signal::ts)
                .contains(
                        org.assertj.core.groups.Tuple.tuple("STREET_ORDER_HOTSPOT", T0 + 355 * MIN),
                        org.assertj.core.groups.Tuple.tuple(
                                "MANHOLE_COVER", T0 + 240 * MIN + 1_000),
                        org.assertj.core.groups.Tuple.tuple("WATERLOGGING", T0 + 270 * MIN + 7_000),
                        org.assertj.core.groups.Tuple.tuple("ELEVATOR_ENTRAPMENT", T0 + 300 * MIN));
        assertThat(signals)
                .filteredOn(s -> s.kind() == Signal.Kind.MATCH)
                .extracting(Signal::rule, Signal::subject, Signal::ts)
                .contains(
                        org.assertj.core.groups.Tuple.tuple(
                                "SENSOR_OFFLINE", SILENT.id(), T0 + 14 * MIN),
                        org.assertj.core.groups.Tuple.tuple(
                                "SENSOR_OFFLINE", SLOW.id(), T0 + 220 * MIN),
                        org.assertj.core.groups.Tuple.tuple(
                                "MANHOLE_COVER", MANHOLE.id(), T0 + 32 * MIN));
    }

    /** Where a checkpoint is most likely to lose or repeat something. */
    static final long[] HARD_POINTS = {
        T0 + 12 * MIN, // offline timer half run (last report 0:09, deadline 0:14)
        T0 + 14 * MIN, // exactly at the offline deadline: emitted before the snapshot
        T0 + 14 * MIN + 1,
        T0 + 23 * MIN, // hotspot window half full (3 of 5 orders)
        T0 + 31 * MIN, // manhole open for 1 of its 2 minutes
        T0 + 32 * MIN - 1,
        T0 + 32 * MIN, // exactly at the manhole's MATCH
        T0 + 42 * MIN, // flood open, hotspot open
        T0 + 90 * MIN, // elevator trapped and silent
        T0 + 180 * MIN, // flood, hotspot, entrapment, manhole, dark block open longer than 2 h
        T0 + 258 * MIN, // flood draining: its 30 min clear wait half run
        T0 + 300 * MIN, // the elevator's all-clear waits in state
        T0 + 330 * MIN, // hotspot's 2 h quiet wait running from its last order (3:55)
    };

    @Test
    void aRestoreWithPatternsInFlightEmitsWhatARunThatNeverStoppedEmits() throws Exception {
        List<Signal> expected = uninterrupted();
        for (long point : HARD_POINTS) {
            int k = day.indexOf(point) + 1;
            assertThat(k).as("a watermark at %d", point).isPositive();
            assertThat(restoredAfter(k))
                    .as("restored at %d min", (point - T0) / MIN)
                    .containsExactlyElementsOf(expected);
        }
    }

    @Test
    void aRestoreBetweenAnEventAndTheWatermarkThatPassesItLosesNothing() throws Exception {
        List<Signal> expected = uninterrupted();
        for (long point : new long[] {T0 + 30 * MIN, T0 + 50 * MIN, T0 + 240 * MIN}) {
            // Just after the event arrived, before the watermark that passes it.
            int k = 1;
            while (!(day.get(k - 1) instanceof StreamRecord<?> r && r.getTimestamp() >= point)) {
                k++;
            }
            assertThat(restoredAfter(k)).as("step %d", k).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void rejectsAnEventBehindTheRestoredTimeAsLateThoughTheWatermarkStartsAgain() throws Exception {
        var first = harness();
        first.open();
        first.processElement(reading(FLOOD, T0, Metric.DEPTH_CM, 1));
        first.processWatermark(T0 + 10 * MIN);
        OperatorSubtaskState snapshot = first.snapshot(1, 0);
        first.close();

        var second = harness();
        second.initializeState(snapshot);
        second.open();
        // No watermark yet after the restore; Esper is at T0 + 10 min all the same.
        second.processElement(reading(FLOOD, T0 + 5 * MIN, Metric.DEPTH_CM, 40));
        second.processWatermark(T0 + 20 * MIN);
        assertThat(second.extractOutputValues()).isEmpty();
        assertThat(second.getSideOutput(RulesOperator.LATE)).hasSize(1);
        second.close();
    }

    @Test
    void keepsOnlyTheHorizonOfEventsForTheRebuild() throws Exception {
        var h = harness();
        h.open();
        play(h, day);
        RulesOperator op = (RulesOperator) h.getOperator();
        op.setCurrentKey(DISTRICT);
        // Six hours of one reading a minute and more: the log spans two hours, plus the instant
        // at its edge.
        List<Long> instants = op.loggedInstants();
        assertThat(instants).isNotEmpty();
        long newest = instants.stream().mapToLong(Long::longValue).max().orElseThrow();
        long oldest = instants.stream().mapToLong(Long::longValue).min().orElseThrow();
        assertThat(newest - oldest).isLessThanOrEqualTo(120 * MIN);
        assertThat(instants.size()).isLessThan(2 * 125);
        h.close();
    }
}
