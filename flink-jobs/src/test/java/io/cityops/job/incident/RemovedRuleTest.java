package io.cityops.job.incident;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityops.events.ActionType;
import io.cityops.events.Codec;
import io.cityops.events.DispatchAction;
import io.cityops.events.Facility;
import io.cityops.events.FacilityType;
import io.cityops.events.Grid;
import io.cityops.events.Incident;
import io.cityops.events.IncidentStatus;
import io.cityops.events.Metric;
import io.cityops.events.SensorReading;
import io.cityops.job.CityEvent;
import io.cityops.job.rules.RuleSet;
import io.cityops.job.rules.RuleSetMessage;
import io.cityops.job.rules.RuleSetRecord;
import io.cityops.job.rules.RulesOperator;
import io.cityops.job.rules.Signal;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A rule set without WATERLOGGING takes over while a waterlogging incident is open: the incident
 * stays open (no rule is left to clear it), and people can still act on it and its deadlines still
 * run.
 */
class RemovedRuleTest {
    static final long T0 = 1_784_592_000_000L;
    static final long MIN = 60_000;
    static final Facility UNDERPASS =
            new Facility(
                    "WL-310101-0001",
                    FacilityType.WATER_LEVEL,
                    31.2304,
                    121.4737,
                    "310101",
                    "310101002",
                    null,
                    60,
                    "人民路下立交");

    @Test
    void anOpenIncidentOfARemovedRuleStaysOpenAndCanStillBeActedOn() throws Exception {
        var rules =
                new KeyedTwoInputStreamOperatorTestHarness<>(
                        new RulesOperator(RuleSet.defaults(), Long.MAX_VALUE),
                        (CityEvent e) -> e.district,
                        (RuleSetRecord r) -> "rules",
                        Types.STRING);
        rules.open();
        rules.processElement1(depth(T0 + MIN, 20));
        rules.processElement2(
                new StreamRecord<>(new RuleSetRecord(withoutWaterlogging(T0 + 5 * MIN), T0, 0)));
        // Dry for 40 min: the shipped rule would clear it 30 min after the first dry reading.
        for (long m = 6; m <= 50; m++) {
            rules.processElement1(depth(T0 + m * MIN, 1));
        }
        rules.processWatermark1(new Watermark(T0 + 60 * MIN));
        List<Signal> signals = new ArrayList<>(rules.extractOutputValues());
        rules.close();
        assertThat(signals)
                .filteredOn(s -> s.rule().equals("WATERLOGGING"))
                .extracting(Signal::kind)
                .containsExactly(Signal.Kind.MATCH);

        var tracker = IncidentTrackerTest.harness(Long.MAX_VALUE);
        tracker.open();
        for (Signal s : signals) {
            tracker.processElement1(new StreamRecord<>(s, s.ts()));
        }
        String id = Ids.incident("WATERLOGGING", UNDERPASS.id(), T0 + MIN);
        tracker.processElement2(
                new StreamRecord<>(
                        new DispatchAction(
                                id, T0 + 30 * MIN, ActionType.ACK, "dispatcher-07", null, null),
                        T0 + 30 * MIN));
        // Past resolveBy (4 h after opening): the deadline still runs.
        tracker.processWatermark1(new Watermark(T0 + 6 * 60 * MIN));
        tracker.processWatermark2(new Watermark(T0 + 6 * 60 * MIN));
        List<Incident> versions =
                tracker.extractOutputValues().stream()
                        .map(k -> Codec.decodeIncident(k.json).value())
                        .filter(i -> i.id().equals(id))
                        .toList();
        Incident last = versions.get(versions.size() - 1);
        assertThat(last.status()).isEqualTo(IncidentStatus.ACKNOWLEDGED);
        assertThat(last.rulesVersion()).isEqualTo("builtin");
        assertThat(last.breaches()).extracting(b -> b.kind()).containsExactly("RESOLVE");
        assertThat(tracker.getSideOutput(IncidentTracker.REJECTED)).isNullOrEmpty();
        tracker.close();
    }

    static StreamRecord<CityEvent> depth(long ts, double cm) {
        CityEvent e = CityEvent.reading(new SensorReading(UNDERPASS.id(), ts, Metric.DEPTH_CM, cm));
        e.facility = UNDERPASS;
        e.district = UNDERPASS.district();
        e.cell = Grid.cell(UNDERPASS.lat(), UNDERPASS.lon());
        return new StreamRecord<>(e, ts);
    }

    static String withoutWaterlogging(long effectiveAt) throws Exception {
        List<RuleSetMessage.RuleFile> files = new ArrayList<>();
        try (var list = Files.list(Path.of("src/main/resources/rules"))) {
            for (Path p : list.filter(p -> p.toString().endsWith(".epl")).sorted().toList()) {
                if (!p.getFileName().toString().equals("waterlogging.epl")) {
                    files.add(
                            new RuleSetMessage.RuleFile(
                                    p.getFileName().toString(), Files.readString(p)));
                }
            }
        }
        return new RuleSetMessage(
                        "no-waterlogging",
                        files,
                        null,
                        RuleSetMessage.sha256(files, null),
                        0,
                        "test",
                        effectiveAt)
                .encode();
    }
}
