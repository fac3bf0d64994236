package io.cityops.job.rules;

import com.espertech.esper.common.client.EPCompiled;
import com.espertech.esper.common.client.EventBean;
import com.espertech.esper.common.client.EventSender;
import com.espertech.esper.common.client.util.StatementProperty;
import com.espertech.esper.common.client.util.StatementType;
import com.espertech.esper.runtime.client.EPDeployException;
import com.espertech.esper.runtime.client.EPDeployment;
import com.espertech.esper.runtime.client.EPEventService;
import com.espertech.esper.runtime.client.EPRuntime;
import com.espertech.esper.runtime.client.EPRuntimeProvider;
import com.espertech.esper.runtime.client.EPStatement;

import io.cityops.events.Facility;
import io.cityops.events.Metric;
import io.cityops.events.SensorReading;
import io.cityops.events.StreetOrder;
import io.cityops.events.WeatherObservation;
import io.cityops.events.WeatherWarning;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * One Esper runtime with an external clock, running a {@link RuleSet} and handing every {@link
 * Signal} the rules emit to a consumer, synchronously.
 *
 * <p>The caller owns time: it calls {@link #advanceTo} with the event time of the next event before
 * sending it, and with the watermark when no event is due. Time never goes back. Timers due on the
 * way fire at their own times, so a "nothing within 5 min" rule reports the deadline, not the time
 * the caller happened to advance to.
 *
 * <p>Signals are buffered while Esper runs and handed over when the call returns: Esper catches and
 * logs exceptions thrown by its listeners, and a consumer's failure must reach the caller instead.
 * Not thread-safe: one thread drives an engine.
 */
public final class RuleEngine implements AutoCloseable {
    private static final EsperTypes.Schema M = EsperTypes.MATCH;
    private static final int M_RULE = M.index("rule");
    private static final int M_SUBJECT = M.index("subject");
    private static final int M_CATEGORY = M.index("category");
    private static final int M_SEVERITY = M.index("severity");
    private static final int M_TS = M.index("ts");
    private static final int M_DISTRICT = M.index("district");
    private static final int M_STREET = M.index("street");
    private static final int M_CELL = M.index("cell");
    private static final int M_LAT = M.index("lat");
    private static final int M_LON = M.index("lon");
    private static final int M_TITLE = M.index("title");
    private static final int M_EV_STREAM = M.index("evStream");
    private static final int M_EV_REF = M.index("evRef");
    private static final int M_EV_TS = M.index("evTs");
    private static final int C_RULE = EsperTypes.CLEAR.index("rule");
    private static final int C_SUBJECT = EsperTypes.CLEAR.index("subject");
    private static final int C_TS = EsperTypes.CLEAR.index("ts");
    private static final EsperTypes.Schema S = EsperTypes.SUPPRESS;
    private static final int S_RULE = S.index("rule");
    private static final int S_SUBJECT = S.index("subject");
    private static final int S_PARENT_RULE = S.index("parentRule");
    private static final int S_PARENT_SUBJECT = S.index("parentSubject");
    private static final int S_PARENT_OPENED_AT = S.index("parentOpenedAt");
    private static final int S_TS = S.index("ts");

    private static final int DEPTH = Metric.DEPTH_CM.ordinal();
    private static final int TILT = Metric.TILT_DEG.ordinal();
    private static final int OPEN = Metric.OPEN.ordinal();
    private static final int ENTRAPMENT = Metric.ENTRAPMENT.ordinal();
    private static final int FAULT = Metric.FAULT.ordinal();
    private static final int LEL = Metric.LEL_PCT.ordinal();
    private static final int SMOKE = Metric.SMOKE.ordinal();

    private final String uri;
    private final EPRuntime runtime;
    private final EPEventService events;
    private final EventSender readings;
    private final EventSender observations;
    private final EventSender warnings;
    private final EventSender orders;
    private final EventSender matches;
    private final Consumer<Signal> out;
    private final String version;
    private final ArrayDeque<Signal> pending = new ArrayDeque<>();
    private boolean clockSet;

    /**
     * @param uri unique in the JVM (Esper runtimes are JVM-wide)
     */
    public RuleEngine(String uri, RuleSet rules, Consumer<Signal> out) throws RuleLoadException {
        RuleCompiler.Compiled compiled = rules.compiled();
        this.uri = uri;
        this.out = out;
        this.version = rules.version();
        // Parallel instances in one JVM deploy the same compiled modules (RuleSet caches them),
        // and Esper's runtime creation and deployment are not safe to run at once on them.
        synchronized (RuleEngine.class) {
            this.runtime = EPRuntimeProvider.getRuntime(uri, compiled.configuration());
            if (runtime.getDeploymentService().getDeployments().length > 0) {
                throw new IllegalStateException(
                        "Esper runtime '"
                                + uri
                                + "' is already in use in this JVM; give each RuleEngine its own"
                                + " uri");
            }
            this.events = runtime.getEventService();
            try {
                EPDeployment last = null;
                for (EPCompiled module : compiled.modules()) {
                    last = runtime.getDeploymentService().deploy(module);
                }
                attach(last);
            } catch (EPDeployException e) {
                runtime.destroy();
                throw new RuleLoadException("(deployment)", 0, e.getMessage(), e);
            }
        }
        this.readings = events.getEventSender(EsperTypes.READING.name);
        this.observations = events.getEventSender(EsperTypes.OBSERVATION.name);
        this.warnings = events.getEventSender(EsperTypes.WARNING.name);
        this.orders = events.getEventSender(EsperTypes.STREET_ORDER.name);
        this.matches = events.getEventSender(EsperTypes.MATCH.name);
    }

    private void attach(EPDeployment outputs) {
        for (EPStatement st : outputs.getStatements()) {
            switch (st.getName()) {
                case RuleCompiler.OUT_MATCH ->
                        st.addListener((in, old, s, r) -> each(in, this::match));
                case RuleCompiler.OUT_CLEAR ->
                        st.addListener((in, old, s, r) -> each(in, this::clear));
                case RuleCompiler.OUT_SUPPRESS ->
                        st.addListener((in, old, s, r) -> each(in, this::suppress));
                default ->
                        throw new IllegalStateException(
                                "unexpected output statement " + st.getName());
            }
        }
    }

    private void each(EventBean[] beans, Consumer<Object[]> convert) {
        if (beans != null) {
            for (EventBean b : beans) {
                convert.accept((Object[]) b.getUnderlying());
            }
        }
    }

    private void match(Object[] m) {
        pending.add(
                new Signal(
                        Signal.Kind.MATCH,
                        (String) m[M_RULE],
                        (String) m[M_SUBJECT],
                        asLong(m[M_TS]),
                        (String) m[M_CATEGORY],
                        (String) m[M_SEVERITY],
                        (String) m[M_DISTRICT],
                        (String) m[M_STREET],
                        (String) m[M_CELL],
                        asDouble(m[M_LAT]),
                        asDouble(m[M_LON]),
                        (String) m[M_TITLE],
                        (String) m[M_EV_STREAM],
                        (String) m[M_EV_REF],
                        asLong(m[M_EV_TS]),
                        null,
                        null,
                        0,
                        version,
                        0));
    }

    private void clear(Object[] c) {
        pending.add(
                new Signal(
                        Signal.Kind.CLEAR,
                        (String) c[C_RULE],
                        (String) c[C_SUBJECT],
                        asLong(c[C_TS]),
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
                        0,
                        version,
                        0));
    }

    private void suppress(Object[] s) {
        pending.add(
                new Signal(
                        Signal.Kind.SUPPRESS,
                        (String) s[S_RULE],
                        (String) s[S_SUBJECT],
                        asLong(s[S_TS]),
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
                        (String) s[S_PARENT_RULE],
                        (String) s[S_PARENT_SUBJECT],
                        asLong(s[S_PARENT_OPENED_AT]),
                        version,
                        0));
    }

    private static long asLong(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }

    private static double asDouble(Object o) {
        return o == null ? 0 : ((Number) o).doubleValue();
    }

    /** Advance Esper's clock to {@code ts}, firing every timer due on the way at its own time. */
    public void advanceTo(long ts) {
        if (!clockSet) {
            // Nothing is scheduled before the first event: jump straight to the start.
            events.advanceTime(ts);
            clockSet = true;
        } else if (ts > events.getCurrentTime()) {
            events.advanceTimeSpan(ts);
        }
        flush();
    }

    public long currentTime() {
        return events.getCurrentTime();
    }

    /** Whether any time has been set yet (Esper's clock starts at 0 until then). */
    public boolean clockSet() {
        return clockSet;
    }

    /**
     * Re-declares a condition that the rules opened before a restore: the MATCH that opened it goes
     * into Esper's Match stream again at its own time, so that what the rules keep for an open
     * condition (its context, its row in the named windows) exists again. For rebuilding only.
     */
    public void rematch(Signal m) {
        if (m.kind() != Signal.Kind.MATCH) {
            throw new IllegalArgumentException("only a MATCH opens a condition, got " + m.kind());
        }
        advanceTo(m.ts());
        Object[] row = new Object[M.fields.length];
        row[M_RULE] = m.rule();
        row[M_SUBJECT] = m.subject();
        row[M_CATEGORY] = m.category();
        row[M_SEVERITY] = m.severity();
        row[M_TS] = m.ts();
        row[M_DISTRICT] = m.district();
        row[M_STREET] = m.street();
        row[M_CELL] = m.cell();
        row[M_LAT] = m.lat();
        row[M_LON] = m.lon();
        row[M_TITLE] = m.title();
        row[M_EV_STREAM] = m.evStream();
        row[M_EV_REF] = m.evRef();
        row[M_EV_TS] = m.evTs();
        matches.sendEvent(row);
        flush();
    }

    /** A reading; {@code state} is the facility's latest metrics after it (see FacilityState). */
    public void reading(Facility facility, SensorReading reading, double[] state, String cell) {
        advanceTo(reading.ts());
        readings.sendEvent(
                new Object[] {
                    reading.sensor(),
                    facility.type().name(),
                    reading.metric().wire(),
                    reading.value(),
                    reading.ts(),
                    facility.district(),
                    facility.street(),
                    cell,
                    facility.building(),
                    facility.name(),
                    facility.lat(),
                    facility.lon(),
                    facility.intervalSec(),
                    box(state[DEPTH]),
                    box(state[TILT]),
                    box(state[OPEN]),
                    box(state[ENTRAPMENT]),
                    box(state[FAULT]),
                    box(state[LEL]),
                    box(state[SMOKE])
                });
        flush();
    }

    private static final Double ZERO = 0.0;
    private static final Double ONE = 1.0;

    /**
     * A metric of a facility's state for Esper's row. Most are 0 (a facility reports one or two of
     * the seven) or a 0/1 flag: shared boxes instead of seven new ones per reading.
     */
    private static Double box(double v) {
        if (Double.doubleToRawLongBits(v) == 0) {
            return ZERO;
        }
        return v == 1.0 ? ONE : Double.valueOf(v);
    }

    /** An observation from a station in the registry. */
    public void observation(WeatherObservation observation, Facility station) {
        advanceTo(observation.ts());
        observations.sendEvent(
                new Object[] {
                    observation.station(),
                    station.district(),
                    observation.ts(),
                    observation.rainMm1h(),
                    observation.windMs(),
                    observation.gustMs(),
                    observation.tempC()
                });
        flush();
    }

    /** A warning, once for each district it covers. */
    public void warning(WeatherWarning warning, String district) {
        advanceTo(warning.ts());
        warnings.sendEvent(
                new Object[] {
                    warning.hazard().name(),
                    warning.level().name(),
                    district,
                    warning.ts(),
                    warning.until() == null ? Long.MAX_VALUE : warning.until()
                });
        flush();
    }

    /** A street order (already deduplicated by id). */
    public void order(StreetOrder order, String cell) {
        advanceTo(order.ts());
        orders.sendEvent(
                new Object[] {
                    order.id(),
                    order.source().name(),
                    order.category().name(),
                    order.district(),
                    order.street(),
                    cell,
                    order.lat(),
                    order.lon(),
                    order.ts(),
                    order.address()
                });
        flush();
    }

    private void flush() {
        Signal s;
        while ((s = pending.poll()) != null) {
            out.accept(s);
        }
    }

    /**
     * How much each context (open partitions) and named window (rows) holds now, by name: for tests
     * and diagnostics that check state is released after a CLEAR. Walks the windows: not for the
     * per-event path.
     */
    Map<String, Long> stateSizes() {
        Map<String, Long> sizes = new TreeMap<>();
        for (String id : runtime.getDeploymentService().getDeployments()) {
            for (EPStatement st :
                    runtime.getDeploymentService().getDeployment(id).getStatements()) {
                Object type = st.getProperty(StatementProperty.STATEMENTTYPE);
                String name = (String) st.getProperty(StatementProperty.CREATEOBJECTNAME);
                if (type == StatementType.CREATE_CONTEXT) {
                    sizes.put(
                            name,
                            runtime.getContextPartitionService()
                                    .getContextPartitionCount(id, name));
                } else if (type == StatementType.CREATE_WINDOW) {
                    long rows = 0;
                    for (var it = st.iterator(); it.hasNext(); it.next()) {
                        rows++;
                    }
                    sizes.put(name, rows);
                }
            }
        }
        return sizes;
    }

    /** The version of the rule set this engine runs. */
    public String version() {
        return version;
    }

    public String uri() {
        return uri;
    }

    @Override
    public void close() {
        if (!runtime.isDestroyed()) {
            runtime.destroy();
        }
    }
}
