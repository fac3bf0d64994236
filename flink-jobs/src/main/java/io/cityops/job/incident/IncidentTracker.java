package io.cityops.job.incident;

import io.cityops.events.Breach;
import io.cityops.events.Codec;
import io.cityops.events.Evidence;
import io.cityops.events.Incident;
import io.cityops.events.IncidentStatus;
import io.cityops.events.Severity;
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
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns the rules' signals into incidents, one state per rule and subject (the deduplication key):
 * opens, updates, resolves and re-opens them, suppresses them under a parent, and holds them to
 * their deadlines, all on event time.
 *
 * <p>Signals wait until the watermark passes them and are then applied in a fixed order, so that
 * signals from different rule instances (a cell on a district border) give the same incident at
 * every parallelism. Every change emits the incident with its version raised by one.
 */
public class IncidentTracker extends KeyedProcessFunction<String, Signal, KeyedJson> {
    private static final long serialVersionUID = 1L;

    /** At most this many pieces of evidence are kept, the newest. */
    static final int MAX_EVIDENCE = 20;

    static final Comparator<Signal> ORDER =
            Comparator.comparingLong(Signal::ts)
                    .thenComparing(Signal::kind)
                    .thenComparing(s -> s.severity() == null ? "" : s.severity())
                    .thenComparing(s -> s.district() == null ? "" : s.district())
                    .thenComparing(s -> s.evRef() == null ? "" : s.evRef())
                    .thenComparingLong(Signal::evTs)
                    .thenComparing(s -> s.title() == null ? "" : s.title());

    private final ServiceLevels serviceLevels;
    private final Routing routing;
    private final long timeLimit;

    private transient ValueState<String> current;
    private transient MapState<Long, List<Signal>> waiting;
    private transient Counter opened;
    private transient Counter resolved;
    private transient Counter breaches;

    public IncidentTracker(ServiceLevels serviceLevels, Routing routing, long timeLimit) {
        this.serviceLevels = serviceLevels;
        this.routing = routing;
        this.timeLimit = timeLimit;
    }

    @Override
    public void open(OpenContext ctx) {
        current =
                getRuntimeContext().getState(new ValueStateDescriptor<>("incident", Types.STRING));
        waiting =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "waiting",
                                        Types.LONG,
                                        Types.LIST(TypeInformation.of(Signal.class))));
        var metrics = getRuntimeContext().getMetricGroup().addGroup("cityops");
        opened = metrics.counter("incidentsOpened");
        resolved = metrics.counter("incidentsResolved");
        breaches = metrics.counter("breaches");
    }

    @Override
    public void processElement(Signal s, Context ctx, Collector<KeyedJson> out) throws Exception {
        List<Signal> at = waiting.get(s.ts());
        if (at == null) {
            at = new ArrayList<>(1);
        }
        at.add(s);
        waiting.put(s.ts(), at);
        ctx.timerService().registerEventTimeTimer(s.ts());
    }

    @Override
    public void onTimer(long ts, OnTimerContext ctx, Collector<KeyedJson> out) throws Exception {
        if (ts > timeLimit) {
            return;
        }
        Incident inc = load();
        Incident before = inc;
        List<Signal> due = waiting.get(ts);
        if (due != null) {
            waiting.remove(ts);
            due.sort(ORDER);
            for (Signal s : due) {
                Incident next = apply(inc, s);
                if (next != inc) {
                    inc = next;
                    emit(inc, out);
                }
            }
        }
        if (inc != null) {
            Incident next = checkDeadlines(inc, ts);
            if (next != inc) {
                inc = next;
                emit(inc, out);
            }
        }
        if (inc != before) {
            current.update(Codec.encode(inc));
            registerDeadlines(inc, ctx);
        }
    }

    private Incident load() throws Exception {
        String json = current.value();
        return json == null ? null : Codec.decodeIncident(json).value();
    }

    private void registerDeadlines(Incident inc, OnTimerContext ctx) {
        if (inc.ackBy() != null && inc.ackBy() <= timeLimit) {
            ctx.timerService().registerEventTimeTimer(inc.ackBy());
        }
        if (inc.resolveBy() != null && inc.resolveBy() <= timeLimit) {
            ctx.timerService().registerEventTimeTimer(inc.resolveBy());
        }
    }

    private void emit(Incident inc, Collector<KeyedJson> out) {
        out.collect(new KeyedJson(inc.id(), Codec.encode(inc), inc.version(), inc.updatedAt()));
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
                    1);
        }
        Severity raised = Severity.max(inc.severity(), sev);
        IncidentStatus status =
                inc.status() == IncidentStatus.RESOLVED ? IncidentStatus.OPEN : inc.status();
        Long ackBy = inc.ackBy();
        if (raised != inc.severity() && status == IncidentStatus.OPEN && ackBy != null) {
            ackBy = Math.min(ackBy, inc.openedAt() + serviceLevels.ackWithin(raised));
        }
        return new Incident(
                inc.id(),
                inc.rule(),
                inc.category(),
                inc.subject(),
                raised,
                status,
                inc.district(),
                inc.street(),
                inc.cell(),
                inc.lat(),
                inc.lon(),
                routing.departments(inc.rule(), inc.category(), raised),
                inc.openedAt(),
                s.ts(),
                ackBy,
                inc.resolveBy(),
                inc.occurrences() + 1,
                s.title() == null ? inc.title() : s.title(),
                appendEvidence(inc.evidence(), ev),
                inc.breaches(),
                inc.parent(),
                inc.version() + 1);
    }

    private Incident clear(Incident inc, Signal s) {
        if (inc == null
                || !(inc.status().isActive() || inc.status() == IncidentStatus.SUPPRESSED)) {
            return inc;
        }
        resolved.inc();
        return withStatus(inc, IncidentStatus.RESOLVED, s.ts(), inc.parent());
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
        return withStatus(inc, IncidentStatus.SUPPRESSED, s.ts(), parent);
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
        breaches.inc();
        List<Breach> all = new ArrayList<>(inc.breaches());
        all.add(new Breach(kind, now));
        Severity raised = inc.severity().raise();
        return new Incident(
                inc.id(),
                inc.rule(),
                inc.category(),
                inc.subject(),
                raised,
                inc.status(),
                inc.district(),
                inc.street(),
                inc.cell(),
                inc.lat(),
                inc.lon(),
                routing.departments(inc.rule(), inc.category(), raised),
                inc.openedAt(),
                now,
                inc.ackBy(),
                inc.resolveBy(),
                inc.occurrences(),
                inc.title(),
                inc.evidence(),
                List.copyOf(all),
                inc.parent(),
                inc.version() + 1);
    }

    private static Incident withStatus(
            Incident inc, IncidentStatus status, long at, String parent) {
        return new Incident(
                inc.id(),
                inc.rule(),
                inc.category(),
                inc.subject(),
                inc.severity(),
                status,
                inc.district(),
                inc.street(),
                inc.cell(),
                inc.lat(),
                inc.lon(),
                inc.departments(),
                inc.openedAt(),
                at,
                inc.ackBy(),
                inc.resolveBy(),
                inc.occurrences(),
                inc.title(),
                inc.evidence(),
                inc.breaches(),
                parent,
                inc.version() + 1);
    }

    private static List<Evidence> appendEvidence(List<Evidence> old, Evidence ev) {
        List<Evidence> all = new ArrayList<>(old.size() + 1);
        int from = Math.max(0, old.size() + 1 - MAX_EVIDENCE);
        all.addAll(old.subList(from, old.size()));
        all.add(ev);
        return List.copyOf(all);
    }
}
