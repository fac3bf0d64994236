package io.cityops.job.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.cityops.events.Facility;
import io.cityops.events.FacilityType;
import io.cityops.events.Grid;
import io.cityops.events.Metric;
import io.cityops.events.SensorReading;
import io.cityops.job.CityEvent;
import io.cityops.job.JsonTree;
import io.cityops.job.sink.KeyedJson;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Rules without a restart, on one instance of the rules stage in Flink's harness: a deployed set
 * takes over at its event time, a broken one is refused and changes nothing, a late one switches at
 * the instance's time and says so, and a restore after a switch rebuilds Esper with the new set.
 */
class RuleSetSwitchTest {
    static final long T0 = 1_784_592_000_000L;
    static final long MIN = 60_000;

    static Facility underpass(int n) {
        return new Facility(
                "WL-310101-000" + n,
                FacilityType.WATER_LEVEL,
                31.2304,
                121.4737,
                "310101",
                "310101002",
                null,
                60,
                "下立交 " + n);
    }

    static KeyedTwoInputStreamOperatorTestHarness<String, CityEvent, RuleSetRecord, Signal>
            harness() throws Exception {
        return new KeyedTwoInputStreamOperatorTestHarness<>(
                new RulesOperator(RuleSet.defaults(), Long.MAX_VALUE),
                (CityEvent e) -> e.district,
                (RuleSetRecord r) -> "rules",
                Types.STRING);
    }

    static StreamRecord<CityEvent> depth(Facility f, long ts, double cm) {
        CityEvent e = CityEvent.reading(new SensorReading(f.id(), ts, Metric.DEPTH_CM, cm));
        e.facility = f;
        e.district = f.district();
        e.cell = Grid.cell(f.lat(), f.lon());
        return new StreamRecord<>(e, ts);
    }

    /**
     * The shipped rules with some files edited, as {@code cityops rules deploy} would send them.
     */
    static RuleSetMessage shipped(
            String version, String thresholds, Long effectiveAt, UnaryOperator<List<Path>> pick)
            throws Exception {
        List<RuleSetMessage.RuleFile> files = new ArrayList<>();
        try (var list = Files.list(Path.of("src/main/resources/rules"))) {
            for (Path p :
                    pick.apply(list.filter(p -> p.toString().endsWith(".epl")).sorted().toList())) {
                files.add(
                        new RuleSetMessage.RuleFile(
                                p.getFileName().toString(), Files.readString(p)));
            }
        }
        return new RuleSetMessage(
                version,
                files,
                thresholds,
                RuleSetMessage.sha256(files, thresholds),
                0,
                "test",
                effectiveAt);
    }

    /** The set with a misspelt property in waterlogging.epl (line 22, its first statement). */
    static RuleSetMessage withTypo(RuleSetMessage m) {
        List<RuleSetMessage.RuleFile> files = new ArrayList<>();
        for (RuleSetMessage.RuleFile f : m.files()) {
            files.add(
                    f.name().equals("waterlogging.epl")
                            ? new RuleSetMessage.RuleFile(
                                    f.name(),
                                    f.text()
                                            .replace(
                                                    " depth >= waterlogging_open_cm",
                                                    " depht >= waterlogging_open_cm"))
                            : f);
        }
        return new RuleSetMessage(
                m.version(),
                files,
                m.thresholds(),
                RuleSetMessage.sha256(files, m.thresholds()),
                m.createdAt(),
                m.by(),
                m.effectiveAt());
    }

    static StreamRecord<RuleSetRecord> record(RuleSetMessage m, long recordTs, long offset) {
        return new StreamRecord<>(new RuleSetRecord(m.encode(), recordTs, offset));
    }

    static List<Map<String, Object>> statuses(
            KeyedTwoInputStreamOperatorTestHarness<String, CityEvent, RuleSetRecord, Signal> h)
            throws Exception {
        List<Map<String, Object>> out = new ArrayList<>();
        var side = h.getSideOutput(RulesOperator.RULE_STATUS);
        if (side != null) {
            for (StreamRecord<KeyedJson> r : side) {
                out.add(JsonTree.object(r.getValue().json));
            }
        }
        return out;
    }

    static List<Signal> matches(
            KeyedTwoInputStreamOperatorTestHarness<String, CityEvent, RuleSetRecord, Signal> h) {
        return h.extractOutputValues().stream()
                .filter(s -> s.kind() == Signal.Kind.MATCH && s.rule().equals("WATERLOGGING"))
                .toList();
    }

    @Test
    void switchesAtItsEffectiveTimeAndARestoreAfterwardsRebuildsWithTheNewSet() throws Exception {
        var h = harness();
        h.open();
        h.processElement1(depth(underpass(1), T0 + 10 * MIN, 20));
        h.processWatermark1(new Watermark(T0 + 15 * MIN));
        // 25 cm from T0 + 30 min on.
        RuleSetMessage raised = shipped("v25", "waterlogging_open_cm=25\n", T0 + 30 * MIN, l -> l);
        h.processElement2(record(raised, T0, 7));
        h.processElement1(depth(underpass(2), T0 + 29 * MIN, 20));
        h.processElement1(depth(underpass(3), T0 + 30 * MIN, 20));
        h.processElement1(depth(underpass(3), T0 + 31 * MIN, 26));
        h.processWatermark1(new Watermark(T0 + 40 * MIN));

        assertThat(matches(h))
                .extracting(Signal::subject, Signal::ts, Signal::ruleSet)
                .containsExactly(
                        tuple("WL-310101-0001", T0 + 10 * MIN, "builtin"),
                        tuple("WL-310101-0002", T0 + 29 * MIN, "builtin"),
                        tuple("WL-310101-0003", T0 + 31 * MIN, "v25"));
        assertThat(statuses(h))
                .extracting(m -> m.get("status"), m -> m.get("switchAt"), m -> m.get("late"))
                .containsExactly(
                        tuple("ACCEPTED", T0 + 30 * MIN, false),
                        tuple("ACTIVE", T0 + 30 * MIN, false));
        assertThat(statuses(h).get(1))
                .containsEntry("version", "v25")
                .containsEntry("sha256", raised.sha256())
                .containsEntry("instance", 0L)
                .containsEntry("offset", 7L);
        OperatorSubtaskState snapshot = h.snapshot(1, T0 + 40 * MIN);
        h.close();

        // Started again with the shipped rules: the checkpoint says 25 cm is in force.
        var restored = harness();
        restored.initializeState(snapshot);
        restored.open();
        assertThat(((RulesOperator) restored.getOperator()).runningVersion()).isEqualTo("v25");
        restored.processElement1(depth(underpass(4), T0 + 41 * MIN, 20));
        restored.processElement1(depth(underpass(4), T0 + 42 * MIN, 26));
        restored.processWatermark1(new Watermark(T0 + 50 * MIN));
        assertThat(matches(restored))
                .extracting(Signal::subject, Signal::ts, Signal::ruleSet)
                .containsExactly(tuple("WL-310101-0004", T0 + 42 * MIN, "v25"));
        restored.close();
    }

    @Test
    void aSetThatDoesNotCompileIsRefusedWithItsFileAndLineAndChangesNothing() throws Exception {
        var h = harness();
        h.open();
        RuleSetMessage broken = withTypo(shipped("typo", null, T0, l -> l));
        h.processElement2(record(broken, T0, 3));
        h.processElement2(new StreamRecord<>(new RuleSetRecord("{not json", T0, 4)));
        h.processElement1(depth(underpass(1), T0 + MIN, 16));
        h.processWatermark1(new Watermark(T0 + 10 * MIN));

        assertThat(matches(h))
                .extracting(Signal::subject, Signal::ruleSet)
                .containsExactly(tuple("WL-310101-0001", "builtin"));
        List<Map<String, Object>> st = statuses(h);
        assertThat(st)
                .extracting(m -> m.get("status"), m -> m.get("version"), m -> m.get("file"))
                .containsExactly(
                        tuple("REFUSED", "typo", "waterlogging.epl"), tuple("REFUSED", null, null));
        assertThat(st.get(0).get("line")).isEqualTo(22L);
        assertThat((String) st.get(0).get("error"))
                .startsWith("waterlogging.epl:22: ")
                .contains("depht");
        assertThat(((RulesOperator) h.getOperator()).runningVersion()).isEqualTo("builtin");
        h.close();
    }

    @Test
    void aSetThatArrivesAfterItsTimeSwitchesAtTheInstancesTimeAndSaysItWasLate() throws Exception {
        var h = harness();
        h.open();
        h.processElement1(depth(underpass(1), T0 + MIN, 20));
        h.processWatermark1(new Watermark(T0 + 20 * MIN));
        // No effectiveAt: the record's timestamp, already behind this instance's time.
        h.processElement2(
                record(shipped("v25", "waterlogging_open_cm=25\n", null, l -> l), T0 + 5 * MIN, 9));
        h.processElement1(depth(underpass(2), T0 + 21 * MIN, 20));
        h.processWatermark1(new Watermark(T0 + 30 * MIN));

        assertThat(matches(h))
                .extracting(Signal::subject, Signal::ruleSet)
                .containsExactly(tuple("WL-310101-0001", "builtin"));
        assertThat(statuses(h))
                .extracting(m -> m.get("status"), m -> m.get("switchAt"), m -> m.get("late"))
                .containsExactly(
                        tuple("ACCEPTED", T0 + 20 * MIN, true),
                        tuple("ACTIVE", T0 + 20 * MIN, true));
        h.close();
    }
}
