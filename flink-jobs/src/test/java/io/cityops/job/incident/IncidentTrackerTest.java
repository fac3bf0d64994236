package io.cityops.job.incident;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityops.events.Codec;
import io.cityops.events.Incident;
import io.cityops.events.IncidentStatus;
import io.cityops.events.Severity;
import io.cityops.job.rules.Signal;
import io.cityops.job.sink.KeyedJson;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

class IncidentTrackerTest {
    static final long T0 = 1_784_592_000_000L;
    static final long MIN = 60_000;

    KeyedOneInputStreamOperatorTestHarness<String, Signal, KeyedJson> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = harness(Long.MAX_VALUE);
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    static KeyedOneInputStreamOperatorTestHarness<String, Signal, KeyedJson> harness(long limit)
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(
                        new IncidentTracker(ServiceLevels.defaults(), Routing.defaults(), limit)),
                s -> Ids.trackerKey(s.rule(), s.subject()),
                Types.STRING);
    }

    static Signal match(String rule, String subject, long ts, String severity) {
        return new Signal(
                Signal.Kind.MATCH,
                rule,
                subject,
                ts,
                rule,
                severity,
                "310101",
                "310101002",
                "8931aa",
                31.23,
                121.47,
                "title " + ts,
                "sensors",
                subject,
                ts,
                null,
                null,
                0);
    }

    static Signal clear(String rule, String subject, long ts) {
        return new Signal(
                Signal.Kind.CLEAR,
                rule,
                subject,
                ts,
                null,
                null,
                null,
                null,
                null,
                0,
                0,
                null,
                null,
                null,
                0,
                null,
                null,
                0);
    }

    static Signal suppress(String subject, long ts, String parentSubject, long parentOpenedAt) {
        return new Signal(
                Signal.Kind.SUPPRESS,
                "SENSOR_OFFLINE",
                subject,
                ts,
                null,
                null,
                null,
                null,
                null,
                0,
                0,
                null,
                null,
                null,
                0,
                "SENSOR_OUTAGE",
                parentSubject,
                parentOpenedAt);
    }

    void send(Signal s) throws Exception {
        harness.processElement(new StreamRecord<>(s, s.ts()));
    }

    List<Incident> emitted() {
        return harness.extractOutputValues().stream()
                .map(k -> Codec.decodeIncident(k.json).value())
                .toList();
    }

    @Test
    void opensOneIncidentAndUpdatesItOnRepeatedMatches() throws Exception {
        send(match("WATERLOGGING", "WL-1", T0, "MEDIUM"));
        send(match("WATERLOGGING", "WL-1", T0 + MIN, "HIGH"));
        harness.processWatermark(T0 + MIN);

        List<Incident> out = emitted();
        assertThat(out).hasSize(2);
        Incident last = out.get(1);
        assertThat(last.id()).isEqualTo("WATERLOGGING:WL-1:" + T0);
        assertThat(last.version()).isEqualTo(2);
        assertThat(last.occurrences()).isEqualTo(2);
        assertThat(last.severity()).isEqualTo(Severity.HIGH);
        assertThat(last.openedAt()).isEqualTo(T0);
        assertThat(last.updatedAt()).isEqualTo(T0 + MIN);
        assertThat(last.departments()).containsExactly("DRAINAGE");
        assertThat(last.resolveBy()).isEqualTo(T0 + 240 * MIN);
        // Raised to HIGH before anyone acknowledged: the 15-minute deadline applies.
        assertThat(last.ackBy()).isEqualTo(T0 + 15 * MIN);
        assertThat(last.evidence()).hasSize(2);
    }

    @Test
    void appliesSignalsInEventTimeOrderWhateverTheirArrival() throws Exception {
        send(match("WATERLOGGING", "WL-1", T0 + MIN, "HIGH"));
        send(match("WATERLOGGING", "WL-1", T0, "MEDIUM"));
        harness.processWatermark(T0 + MIN);

        assertThat(emitted()).extracting(Incident::id).containsOnly("WATERLOGGING:WL-1:" + T0);
    }

    @Test
    void severityNeverGoesDownByItself() throws Exception {
        send(match("GAS_LEAK", "B-1", T0, "CRITICAL"));
        send(match("GAS_LEAK", "B-1", T0 + MIN, "HIGH"));
        harness.processWatermark(T0 + MIN);

        Incident last = emitted().get(1);
        assertThat(last.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(last.departments()).containsExactly("GAS", "FIRE");
    }

    @Test
    void resolvesWhenTheRuleClearsAndReopensTheSameIncidentOnALaterMatch() throws Exception {
        send(match("ELEVATOR_ENTRAPMENT", "EL-1", T0, "CRITICAL"));
        send(clear("ELEVATOR_ENTRAPMENT", "EL-1", T0 + MIN));
        send(match("ELEVATOR_ENTRAPMENT", "EL-1", T0 + 2 * MIN, "CRITICAL"));
        harness.processWatermark(T0 + 2 * MIN);

        assertThat(emitted())
                .extracting(Incident::status, Incident::version)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(IncidentStatus.OPEN, 1L),
                        org.assertj.core.groups.Tuple.tuple(IncidentStatus.RESOLVED, 2L),
                        org.assertj.core.groups.Tuple.tuple(IncidentStatus.OPEN, 3L));
        assertThat(emitted())
                .extracting(Incident::id)
                .containsOnly("ELEVATOR_ENTRAPMENT:EL-1:" + T0);
    }

    @Test
    void aClearWithoutAnIncidentChangesNothing() throws Exception {
        send(clear("WATERLOGGING", "WL-9", T0));
        harness.processWatermark(T0 + MIN);
        assertThat(emitted()).isEmpty();
    }

    @Test
    void breachesTheAckDeadlineOnceAndRaisesSeverityOneStep() throws Exception {
        send(match("MANHOLE_COVER", "MH-1", T0, "HIGH"));
        harness.processWatermark(T0 + 15 * MIN - 1);
        assertThat(emitted()).hasSize(1);

        harness.processWatermark(T0 + 15 * MIN);
        Incident breached = emitted().get(1);
        assertThat(breached.breaches()).hasSize(1);
        assertThat(breached.breaches().get(0).kind()).isEqualTo("ACK");
        assertThat(breached.breaches().get(0).at()).isEqualTo(T0 + 15 * MIN);
        assertThat(breached.severity()).isEqualTo(Severity.CRITICAL);

        harness.processWatermark(T0 + 179 * MIN);
        assertThat(emitted()).hasSize(2);
        harness.processWatermark(T0 + 180 * MIN);
        Incident resolveBreach = emitted().get(2);
        assertThat(resolveBreach.breaches())
                .extracting(b -> b.kind())
                .containsExactly("ACK", "RESOLVE");
        assertThat(resolveBreach.severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void noDeadlineFiresPastTheEndOfABoundedRun() throws Exception {
        var bounded = harness(T0 + 10 * MIN);
        bounded.open();
        bounded.processElement(new StreamRecord<>(match("MANHOLE_COVER", "MH-1", T0, "HIGH"), T0));
        bounded.processWatermark(Long.MAX_VALUE);
        assertThat(bounded.extractOutputValues()).hasSize(1);
        bounded.close();
    }

    @Test
    void suppressesAnOfflineSensorUnderItsStreetOutage() throws Exception {
        send(match("SENSOR_OFFLINE", "MH-7", T0, "LOW"));
        send(suppress("MH-7", T0, "310101002", T0));
        harness.processWatermark(T0);

        Incident last = emitted().get(1);
        assertThat(last.status()).isEqualTo(IncidentStatus.SUPPRESSED);
        assertThat(last.parent()).isEqualTo("SENSOR_OUTAGE:310101002:" + T0);
    }

    @Test
    void keepsItsIncidentsAcrossASnapshotAndRestore() throws Exception {
        send(match("WATERLOGGING", "WL-1", T0, "MEDIUM"));
        harness.processWatermark(T0);
        send(match("WATERLOGGING", "WL-1", T0 + MIN, "MEDIUM"));
        OperatorSubtaskState snapshot = harness.snapshot(1, T0 + MIN);
        harness.close();

        harness = harness(Long.MAX_VALUE);
        harness.initializeState(snapshot);
        harness.open();
        harness.processWatermark(T0 + MIN);
        List<Incident> out = emitted();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).version()).isEqualTo(2);
        assertThat(out.get(0).occurrences()).isEqualTo(2);
    }
}
