package io.cityops.job.incident;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityops.events.ActionType;
import io.cityops.events.Codec;
import io.cityops.events.DispatchAction;
import io.cityops.events.Incident;
import io.cityops.events.IncidentStatus;
import io.cityops.events.Severity;
import io.cityops.job.rules.Signal;
import io.cityops.job.sink.KeyedJson;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

class IncidentTrackerTest {
    static final long T0 = 1_784_592_000_000L;
    static final long MIN = 60_000;

    KeyedTwoInputStreamOperatorTestHarness<String, Signal, DispatchAction, KeyedJson> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = harness(Long.MAX_VALUE);
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    static KeyedTwoInputStreamOperatorTestHarness<String, Signal, DispatchAction, KeyedJson>
            harness(long limit) throws Exception {
        return new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(
                        new IncidentTracker(
                                ServiceLevels.defaults(),
                                Routing.defaults(),
                                limit,
                                7 * 24 * 60 * MIN)),
                s -> Ids.trackerKey(s.rule(), s.subject()),
                a -> Ids.trackerKey(a.incident()),
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
        harness.processElement1(new StreamRecord<>(s, s.ts()));
    }

    void watermark(long t) throws Exception {
        harness.processWatermark1(new org.apache.flink.streaming.api.watermark.Watermark(t));
        harness.processWatermark2(new org.apache.flink.streaming.api.watermark.Watermark(t));
    }

    void act(String incident, long ts, ActionType action) throws Exception {
        harness.processElement2(
                new StreamRecord<>(
                        new DispatchAction(
                                incident,
                                ts,
                                action,
                                "dispatcher-07",
                                action == ActionType.ASSIGN ? "黄浦排水所" : null,
                                "note"),
                        ts));
    }

    List<io.cityops.events.DeadLetter> rejected() {
        var side = harness.getSideOutput(IncidentTracker.REJECTED);
        return side == null ? List.of() : side.stream().map(r -> r.getValue()).toList();
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
        watermark(T0 + MIN);

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
        watermark(T0 + MIN);

        assertThat(emitted()).extracting(Incident::id).containsOnly("WATERLOGGING:WL-1:" + T0);
    }

    @Test
    void severityNeverGoesDownByItself() throws Exception {
        send(match("GAS_LEAK", "B-1", T0, "CRITICAL"));
        send(match("GAS_LEAK", "B-1", T0 + MIN, "HIGH"));
        watermark(T0 + MIN);

        Incident last = emitted().get(1);
        assertThat(last.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(last.departments()).containsExactly("GAS", "FIRE");
    }

    @Test
    void resolvesWhenTheRuleClearsAndReopensTheSameIncidentOnALaterMatch() throws Exception {
        send(match("ELEVATOR_ENTRAPMENT", "EL-1", T0, "CRITICAL"));
        send(clear("ELEVATOR_ENTRAPMENT", "EL-1", T0 + MIN));
        send(match("ELEVATOR_ENTRAPMENT", "EL-1", T0 + 2 * MIN, "CRITICAL"));
        watermark(T0 + 2 * MIN);

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
        watermark(T0 + MIN);
        assertThat(emitted()).isEmpty();
    }

    @Test
    void breachesTheAckDeadlineOnceAndRaisesSeverityOneStep() throws Exception {
        send(match("MANHOLE_COVER", "MH-1", T0, "HIGH"));
        watermark(T0 + 15 * MIN - 1);
        assertThat(emitted()).hasSize(1);

        watermark(T0 + 15 * MIN);
        Incident breached = emitted().get(1);
        assertThat(breached.breaches()).hasSize(1);
        assertThat(breached.breaches().get(0).kind()).isEqualTo("ACK");
        assertThat(breached.breaches().get(0).at()).isEqualTo(T0 + 15 * MIN);
        assertThat(breached.severity()).isEqualTo(Severity.CRITICAL);

        watermark(T0 + 179 * MIN);
        assertThat(emitted()).hasSize(2);
        watermark(T0 + 180 * MIN);
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
        bounded.processElement1(new StreamRecord<>(match("MANHOLE_COVER", "MH-1", T0, "HIGH"), T0));
        bounded.processWatermark1(
                new org.apache.flink.streaming.api.watermark.Watermark(Long.MAX_VALUE));
        bounded.processWatermark2(
                new org.apache.flink.streaming.api.watermark.Watermark(Long.MAX_VALUE));
        assertThat(bounded.extractOutputValues()).hasSize(1);
        bounded.close();
    }

    @Test
    void suppressesAnOfflineSensorUnderItsStreetOutage() throws Exception {
        send(match("SENSOR_OFFLINE", "MH-7", T0, "LOW"));
        send(suppress("MH-7", T0, "310101002", T0));
        watermark(T0);

        Incident last = emitted().get(1);
        assertThat(last.status()).isEqualTo(IncidentStatus.SUPPRESSED);
        assertThat(last.parent()).isEqualTo("SENSOR_OUTAGE:310101002:" + T0);
    }

    @Test
    void keepsItsIncidentsAcrossASnapshotAndRestore() throws Exception {
        send(match("WATERLOGGING", "WL-1", T0, "MEDIUM"));
        watermark(T0);
        send(match("WATERLOGGING", "WL-1", T0 + MIN, "MEDIUM"));
        OperatorSubtaskState snapshot = harness.snapshot(1, T0 + MIN);
        harness.close();

        harness = harness(Long.MAX_VALUE);
        harness.initializeState(snapshot);
        harness.open();
        watermark(T0 + MIN);
        List<Incident> out = emitted();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).version()).isEqualTo(2);
        assertThat(out.get(0).occurrences()).isEqualTo(2);
    }

    // ---- the closed loop ----

    static final String WL = "WATERLOGGING:WL-1:" + T0;

    /** Opens WL-1 and takes it through the given actions, a minute apart. */
    Incident through(ActionType... steps) throws Exception {
        send(match("WATERLOGGING", "WL-1", T0, "MEDIUM"));
        long t = T0;
        for (ActionType a : steps) {
            t += MIN;
            act(WL, t, a);
        }
        watermark(t);
        List<Incident> out = emitted();
        return out.get(out.size() - 1);
    }

    @Test
    void takesAnIncidentFromOpenToClosedThroughEveryStep() throws Exception {
        Incident closed =
                through(
                        ActionType.ACK,
                        ActionType.ASSIGN,
                        ActionType.ARRIVE,
                        ActionType.RESOLVE,
                        ActionType.CLOSE);
        assertThat(emitted())
                .extracting(Incident::status)
                .containsExactly(
                        IncidentStatus.OPEN,
                        IncidentStatus.ACKNOWLEDGED,
                        IncidentStatus.ASSIGNED,
                        IncidentStatus.ON_SITE,
                        IncidentStatus.RESOLVED,
                        IncidentStatus.CLOSED);
        assertThat(closed.version()).isEqualTo(6);
        assertThat(closed.assignee()).isEqualTo("黄浦排水所");
        assertThat(closed.timeline())
                .extracting(t -> t.action())
                .containsExactly("OPEN", "ACK", "ASSIGN", "ARRIVE", "RESOLVE", "CLOSE");
        assertThat(closed.timeline().get(1).by()).isEqualTo("dispatcher-07");
        assertThat(rejected()).isEmpty();
    }

    @Test
    void assignAndArriveMayComeStraightAfterOpen() throws Exception {
        assertThat(through(ActionType.ASSIGN).status()).isEqualTo(IncidentStatus.ASSIGNED);
    }

    @Test
    void arriveMayComeStraightAfterAcknowledge() throws Exception {
        assertThat(through(ActionType.ACK, ActionType.ARRIVE).status())
                .isEqualTo(IncidentStatus.ON_SITE);
    }

    @Test
    void resolveIsAllowedFromAnyOpenState() throws Exception {
        assertThat(through(ActionType.RESOLVE).status()).isEqualTo(IncidentStatus.RESOLVED);
    }

    @Test
    void reopenFromResolvedAndFromClosedReopensTheSameIncident() throws Exception {
        Incident fromResolved = through(ActionType.RESOLVE, ActionType.REOPEN);
        assertThat(fromResolved.status()).isEqualTo(IncidentStatus.OPEN);
        assertThat(fromResolved.id()).isEqualTo(WL);
        act(WL, T0 + 10 * MIN, ActionType.RESOLVE);
        act(WL, T0 + 11 * MIN, ActionType.CLOSE);
        act(WL, T0 + 12 * MIN, ActionType.REOPEN);
        watermark(T0 + 12 * MIN);
        List<Incident> out = emitted();
        assertThat(out.get(out.size() - 1).status()).isEqualTo(IncidentStatus.OPEN);
        assertThat(out.get(out.size() - 1).id()).isEqualTo(WL);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0} from {1}")
    @org.junit.jupiter.params.provider.CsvSource({
        "CLOSE, OPEN",
        "REOPEN, OPEN",
        "ACK, ACKNOWLEDGED",
        "ACK, ASSIGNED",
        "ASSIGN, ASSIGNED",
        "ASSIGN, ON_SITE",
        "ARRIVE, ON_SITE",
        "CLOSE, ON_SITE",
        "ACK, RESOLVED",
        "ASSIGN, RESOLVED",
        "ARRIVE, RESOLVED",
        "RESOLVE, RESOLVED",
        "ACK, CLOSED",
        "RESOLVE, CLOSED",
        "CLOSE, CLOSED",
    })
    void refusesAnActionTheStateDoesNotAllowAndChangesNothing(
            ActionType action, IncidentStatus from) throws Exception {
        List<ActionType> path =
                switch (from) {
                    case OPEN -> List.of();
                    case ACKNOWLEDGED -> List.of(ActionType.ACK);
                    case ASSIGNED -> List.of(ActionType.ASSIGN);
                    case ON_SITE -> List.of(ActionType.ARRIVE);
                    case RESOLVED -> List.of(ActionType.RESOLVE);
                    case CLOSED -> List.of(ActionType.RESOLVE, ActionType.CLOSE);
                    default -> throw new IllegalArgumentException();
                };
        List<ActionType> all = new java.util.ArrayList<>(path);
        all.add(action);
        Incident last = through(all.toArray(ActionType[]::new));
        assertThat(last.status()).isEqualTo(from);
        assertThat(last.version()).isEqualTo(1 + path.size());
        assertThat(rejected()).hasSize(1);
        assertThat(rejected().get(0).reason()).isEqualTo("illegal-transition");
        assertThat(rejected().get(0).detail()).isEqualTo(action + " from " + from);
        assertThat(rejected().get(0).stream()).isEqualTo("dispatch-actions");
    }

    @Test
    void refusesAnActionForAnIncidentItDoesNotKnow() throws Exception {
        act("WATERLOGGING:WL-404:" + T0, T0 + MIN, ActionType.ACK);
        watermark(T0 + MIN);
        assertThat(rejected()).extracting(d -> d.reason()).containsExactly("unknown-incident");
        assertThat(emitted()).isEmpty();
    }

    @Test
    void anAcknowledgedIncidentDoesNotBreachItsAckDeadline() throws Exception {
        send(match("MANHOLE_COVER", "MH-1", T0, "HIGH"));
        act("MANHOLE_COVER:MH-1:" + T0, T0 + 14 * MIN, ActionType.ACK);
        watermark(T0 + 60 * MIN);
        Incident last = emitted().get(emitted().size() - 1);
        assertThat(last.status()).isEqualTo(IncidentStatus.ACKNOWLEDGED);
        assertThat(last.breaches()).isEmpty();
        assertThat(last.severity()).isEqualTo(Severity.HIGH);
    }

    @Test
    void anAckAtExactlyTheDeadlineIsInTime() throws Exception {
        send(match("MANHOLE_COVER", "MH-1", T0, "HIGH"));
        act("MANHOLE_COVER:MH-1:" + T0, T0 + 15 * MIN, ActionType.ACK);
        watermark(T0 + 60 * MIN);
        assertThat(emitted().get(emitted().size() - 1).breaches()).isEmpty();
    }

    @Test
    void escalatesEachBreachToTheDistrictsTarget() throws Exception {
        send(match("MANHOLE_COVER", "MH-1", T0, "HIGH"));
        watermark(T0 + 15 * MIN);
        var escalations = harness.getSideOutput(IncidentTracker.ESCALATIONS);
        assertThat(escalations).hasSize(1);
        var e = Codec.decodeEscalation(escalations.iterator().next().getValue().json).value();
        assertThat(e.kind()).isEqualTo("ACK");
        assertThat(e.at()).isEqualTo(T0 + 15 * MIN);
        assertThat(e.severity()).isEqualTo("CRITICAL");
        assertThat(e.target()).isEqualTo("黄浦区城运中心值班长");
    }

    @Test
    void aMatchAfterClosedOpensANewIncident() throws Exception {
        through(ActionType.RESOLVE, ActionType.CLOSE);
        send(match("WATERLOGGING", "WL-1", T0 + 30 * MIN, "MEDIUM"));
        watermark(T0 + 30 * MIN);
        Incident last = emitted().get(emitted().size() - 1);
        assertThat(last.id()).isEqualTo("WATERLOGGING:WL-1:" + (T0 + 30 * MIN));
        assertThat(last.version()).isEqualTo(1);
    }

    @Test
    void dropsTheStateOfAClosedIncidentAfterTheRetention() throws Exception {
        through(ActionType.RESOLVE, ActionType.CLOSE);
        watermark(T0 + 2 * MIN + 7 * 24 * 60 * MIN);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        act(WL, T0 + 2 * MIN + 7 * 24 * 60 * MIN + 1, ActionType.REOPEN);
        watermark(T0 + 3 * MIN + 7 * 24 * 60 * MIN);
        assertThat(rejected()).extracting(d -> d.reason()).containsExactly("unknown-incident");
    }
}
