package io.cityops.job.incident;

import io.cityops.events.Breach;
import io.cityops.events.Codec;
import io.cityops.events.DeadLetter;
import io.cityops.events.DispatchAction;
import io.cityops.events.Escalation;
import io.cityops.events.Evidence;
import io.cityops.events.Incident;
import io.cityops.events.IncidentStatus;
import io.cityops.events.Reasons;
import io.cityops.events.Severity;
import io.cityops.events.Stream;
import io.cityops.events.TimelineEntry;
import io.cityops.job.rules.Signal;
import io.cityops.job.sink.KeyedJson;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The closed loop: turns the rules' signals (input 1) and people's dispatch actions (input 2) into
 * incidents, one state per rule and subject (the deduplication key). Opens, updates, resolves and
 * re-opens incidents, suppresses them under a parent, applies the lifecycle of RULES.md, and holds
 * incidents to their deadlines, all on event time.
 *
 * <p>Signals and actions wait until the watermark passes them and are then applied in a fixed order
 * (signals of an instant before its actions), so the same input gives the same incidents, breaches
 * included, at every parallelism and in every replay. Every change emits the incident with its
 * version raised by one. A CLOSED incident's state is dropped after the retention period.
 */
public class IncidentTracker
        extends KeyedCoProcessFunction<String, Signal, DispatchAction, KeyedJson> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<DeadLetter> REJECTED =
            new OutputTag<>("actions-rejected", TypeInformation.of(DeadLetter.class)) {};

    /** An escalation to the district's supervisor for each breach. */
    public static final OutputTag<KeyedJson> ESCALATIONS =
            new OutputTag<>("escalations", TypeInformation.of(KeyedJson.class)) {};

    static final String SYSTEM = "system";

    static final Comparator<Signal> SIGNAL_ORDER =
            Comparator.comparingLong(Signal::ts)
                    .thenComparing(Signal::kind)
                    .thenComparing(s -> s.severity() == null ? "" : s.severity())
                    .thenComparing(s -> s.district() == null ? "" : s.district())
                    .thenComparing(s -> s.evRef() == null ? "" : s.evRef())
                    .thenComparingLong(Signal::evTs)
                    .thenComparing(s -> s.title() == null ? "" : s.title());

    static final Comparator<DispatchAction> ACTION_ORDER =
            Comparator.comparingLong(DispatchAction::ts)
                    .thenComparing(DispatchAction::incident)
                    .thenComparing(DispatchAction::action)
                    .thenComparing(a -> a.by())
                    .thenComparing(a -> a.assignee() == null ? "" : a.assignee())
                    .thenComparing(a -> a.note() == null ? "" : a.note());

    /** Incident versions the latency histogram's percentiles are taken over. */
    static final int LATENCY_WINDOW = 1000;

    private final ServiceLevels serviceLevels;
    private final Routing routing;
    private final long timeLimit;
    private final long closedRetentionMs;

    private transient ValueState<String> current;
    private transient MapState<Long, List<Signal>> signals;
    private transient MapState<Long, List<DispatchAction>> actions;
    private transient Counter opened;
    private transient Counter resolved;
    private transient Counter breachCount;
    private transient Counter actionsApplied;
    private transient Counter actionsRejected;
    private transient Histogram latency;

    public IncidentTracker(
            ServiceLevels serviceLevels, Routing routing, long timeLimit, long closedRetentionMs) {
        this.serviceLevels = serviceLevels;
        this.routing = routing;
        this.timeLimit = timeLimit;
        this.closedRetentionMs = closedRetentionMs;
    }

    @Override
    public void open(OpenContext ctx) {
        current =
                getRuntimeContext().getState(new ValueStateDescriptor<>("incident", Types.STRING));
        signals =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "waiting-signals",
                                        Types.LONG,
                                        Types.LIST(TypeInformation.of(Signal.class))));
        actions =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "waiting-actions",
                                        Types.LONG,
                                        Types.LIST(TypeInformation.of(DispatchAction.class))));
        var metrics = getRuntimeContext().getMetricGroup().addGroup("cityops");
        opened = metrics.counter("incidentsOpened");
        resolved = metrics.counter("incidentsResolved");
        breachCount = metrics.counter("breaches");
        actionsApplied = metrics.counter("actionsApplied");
        actionsRejected = metrics.counter("actionsRejected");
        latency =
                metrics.histogram(
                        "incidentLatencyMs", new DescriptiveStatisticsHistogram(LATENCY_WINDOW));
    }

    @Override
    public void processElement1(Signal s, Context ctx, Collector<KeyedJson> out) throws Exception {
        List<Signal> at = signals.get(s.ts());
        if (at == null) {
            at = new ArrayList<>(1);
        }
        at.add(s);
        signals.put(s.ts(), at);
        ctx.timerService().registerEventTimeTimer(s.ts());
    }

    @Override
    public void processElement2(DispatchAction a, Context ctx, Collector<KeyedJson> out)
            throws Exception {
        long watermark = ctx.timerService().currentWatermark();
        if (a.ts() <= watermark) {
            reject(
                    ctx,
                    a,
                    Reasons.LATE,
                    "ts=" + a.ts() + " is behind the city's time " + watermark);
            return;
        }
        List<DispatchAction> at = actions.get(a.ts());
        if (at == null) {
            at = new ArrayList<>(1);
        }
        at.add(a);
        actions.put(a.ts(), at);
        ctx.timerService().registerEventTimeTimer(a.ts());
    }

    @Override
    public void onTimer(long ts, OnTimerContext ctx, Collector<KeyedJson> out) throws Exception {
        if (ts > timeLimit) {
            return;
        }
        String json = current.value();
        Incident inc = json == null ? null : Codec.decodeIncident(json).value();
        Incident before = inc;

        List<Signal> dueSignals = signals.get(ts);
        if (dueSignals != null) {
            signals.remove(ts);
            dueSignals.sort(SIGNAL_ORDER);
            for (Signal s : dueSignals) {
                inc = emitIfChanged(inc, apply(inc, s), out, s.arrivedAt());
            }
        }
        List<DispatchAction> dueActions = actions.get(ts);
        if (dueActions != null) {
            actions.remove(ts);
            dueActions.sort(ACTION_ORDER);
            for (DispatchAction a : dueActions) {
                inc = emitIfChanged(inc, act(inc, a, ctx), out, 0);
            }
        }
        if (inc != null) {
            Incident next = checkDeadlines(inc, ts);
            if (next != inc) {
                ctx.output(ESCALATIONS, escalation(next, ts));
            }
            inc = emitIfChanged(inc, next, out, 0);
        }

        if (inc != null
                && inc.status() == IncidentStatus.CLOSED
                && ts >= inc.updatedAt() + closedRetentionMs) {
            current.clear();
            return;
        }
        if (inc != before) {
            current.update(Codec.encode(inc));
            registerDeadlines(inc, ctx);
        }
    }

    /**
     * Emits {@code after} when it is a new version. {@code arrivedAt}: when the input that caused
     * it reached the job (0 for a dispatch action or a deadline), for the latency metric.
     */
    private Incident emitIfChanged(
            Incident before, Incident after, Collector<KeyedJson> out, long arrivedAt) {
        if (after != before) {
            KeyedJson k =
                    new KeyedJson(
                            after.id(), Codec.encode(after), after.version(), after.updatedAt());
            if (arrivedAt > 0) {
                k.latencyMs = Math.max(0, System.currentTimeMillis() - arrivedAt);
                latency.update(k.latencyMs);
            }
            out.collect(k);
        }
        return after;
    }

    private void registerDeadlines(Incident inc, OnTimerContext ctx) {
        if (inc.ackBy() != null && inc.ackBy() <= timeLimit) {
            ctx.timerService().registerEventTimeTimer(inc.ackBy());
        }
        if (inc.resolveBy() <= timeLimit) {
            ctx.timerService().registerEventTimeTimer(inc.resolveBy());
        }
        if (inc.status() == IncidentStatus.CLOSED) {
            long drop = inc.updatedAt() + closedRetentionMs;
            if (drop <= timeLimit) {
                ctx.timerService().registerEventTimeTimer(drop);
            }
        }
    }

    /** The incident after a signal, or the same object when the signal changes nothing. */
    Incident apply(Incident inc, Signal s) {
        return switch (s.kind()) {
            case MATCH -> match(inc, s);
            case CLEAR -> clear(inc, s);
            case SUPPRESS -> suppress(inc, s);
        };
    }

    private Incident match(Incident inc, Signal s) {
        Severity sev = Severity.valueOf(s.severity());
        Evidence ev = new Evidence(s.evStream(), s.evRef(), s.evTs());
        if (inc == null || inc.status() == IncidentStatus.CLOSED) {
            opened.inc();
            return new Incident(
                    Ids.incident(s.rule(), s.subject(), s.ts()),
                    s.rule(),
                    s.category(),
                    s.subject(),
                    sev,
                    IncidentStatus.OPEN,
                    s.district(),
                    s.street(),
                    s.cell(),
                    s.lat(),
                    s.lon(),
                    routing.departments(s.rule(), s.category(), sev),
                    s.ts(),
                    s.ts(),
                    s.ts() + serviceLevels.ackWithin(sev),
                    s.ts() + serviceLevels.resolveWithin(s.rule()),
                    1,
                    s.title(),
                    List.of(ev),
                    List.of(),
                    null,
                    1,
                    null,
                    List.of(new TimelineEntry(s.ts(), "OPEN", SYSTEM, null)),
                    s.ruleSet());
        }
        Draft d = new Draft(inc);
        Severity raised = Severity.max(inc.severity(), sev);
        if (inc.status() == IncidentStatus.RESOLVED) {
            d.status = IncidentStatus.OPEN;
            d.step(s.ts(), "REOPEN", SYSTEM, null);
            // Re-raised: by the set in force now, which may not be the one that first opened it.
            if (s.ruleSet() != null) {
                d.rulesVersion = s.ruleSet();
            }
        } else if (d.rulesVersion == null) {
            d.rulesVersion = s.ruleSet();
        }
        if (raised != inc.severity()) {
            d.severity = raised;
            d.departments = routing.departments(inc.rule(), inc.category(), raised);
            if (d.status == IncidentStatus.OPEN && d.ackBy != null) {
                d.ackBy = Math.min(d.ackBy, inc.openedAt() + serviceLevels.ackWithin(raised));
            }
        }
        d.updatedAt = s.ts();
        d.occurrences++;
        if (s.title() != null) {
            d.title = s.title();
        }
        d.addEvidence(ev);
        return d.build();
    }

    private Incident clear(Incident inc, Signal s) {
        if (inc == null
                || !(inc.status().isActive() || inc.status() == IncidentStatus.SUPPRESSED)) {
            return inc;
        }
        resolved.inc();
        Draft d = new Draft(inc);
        d.status = IncidentStatus.RESOLVED;
        d.updatedAt = s.ts();
        d.step(s.ts(), "RESOLVE", SYSTEM, null);
        return d.build();
    }

    private Incident suppress(Incident inc, Signal s) {
        if (inc == null
                || inc.status() == IncidentStatus.CLOSED
                || inc.status() == IncidentStatus.RESOLVED) {
            return inc;
        }
        String parent = Ids.incident(s.parentRule(), s.parentSubject(), s.parentOpenedAt());
        if (inc.status() == IncidentStatus.SUPPRESSED && parent.equals(inc.parent())) {
            return inc;
        }
        Draft d = new Draft(inc);
        d.status = IncidentStatus.SUPPRESSED;
        d.parent = parent;
        d.updatedAt = s.ts();
        d.step(s.ts(), "SUPPRESS", SYSTEM, parent);
        return d.build();
    }

    /** A person's action, or the same incident and a dead letter when it is not allowed. */
    private Incident act(Incident inc, DispatchAction a, Context ctx) {
        if (inc == null || !inc.id().equals(a.incident())) {
            reject(ctx, a, Reasons.UNKNOWN_INCIDENT, a.incident());
            return inc;
        }
        IncidentStatus next = Lifecycle.next(inc.status(), a.action());
        if (next == null) {
            reject(ctx, a, Reasons.ILLEGAL_TRANSITION, a.action() + " from " + inc.status());
            return inc;
        }
        actionsApplied.inc();
        Draft d = new Draft(inc);
        d.status = next;
        d.updatedAt = Math.max(inc.updatedAt(), a.ts());
        if (a.assignee() != null) {
            d.assignee = a.assignee();
        }
        d.step(a.ts(), a.action().name(), a.by(), a.note());
        if (next == IncidentStatus.RESOLVED) {
            resolved.inc();
        }
        return d.build();
    }

    private void reject(Context ctx, DispatchAction a, String reason, String detail) {
        actionsRejected.inc();
        ctx.output(
                REJECTED,
                new DeadLetter(
                        Stream.DISPATCH_ACTIONS.label(), reason, detail, Codec.encode(a), a.ts()));
    }

    /** A missed deadline at {@code now}: a breach, once, and one step more severe. */
    private Incident checkDeadlines(Incident inc, long now) {
        String kind = null;
        if (inc.ackBy() != null && inc.ackBy() == now && inc.status() == IncidentStatus.OPEN) {
            kind = "ACK";
        } else if (inc.resolveBy() != null && inc.resolveBy() == now && inc.status().isActive()) {
            kind = "RESOLVE";
        }
        if (kind == null) {
            return inc;
        }
        for (Breach b : inc.breaches()) {
            if (b.kind().equals(kind)) {
                return inc;
            }
        }
        breachCount.inc();
        Draft d = new Draft(inc);
        d.breaches.add(new Breach(kind, now));
        d.severity = inc.severity().raise();
        d.departments = routing.departments(inc.rule(), inc.category(), d.severity);
        d.updatedAt = now;
        return d.build();
    }

    private KeyedJson escalation(Incident inc, long at) {
        Breach b = inc.breaches().get(inc.breaches().size() - 1);
        Escalation e =
                new Escalation(
                        inc.id(),
                        inc.district(),
                        b.kind(),
                        at,
                        inc.severity().name(),
                        routing.escalationTarget(inc.district()));
        return new KeyedJson(inc.id(), Codec.encode(e), inc.version(), at);
    }
}
