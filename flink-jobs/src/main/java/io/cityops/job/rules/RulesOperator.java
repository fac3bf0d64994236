package io.cityops.job.rules;

import io.cityops.events.DeadLetter;
import io.cityops.events.Reasons;
import io.cityops.job.CityEvent;

import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Runs the rules: one Esper runtime per parallel instance, fed in event-time order, its clock
 * driven by the watermark. Keyed by district (no rule correlates across districts), so the results
 * of a district do not depend on which other districts share its instance.
 *
 * <p>An event waits in keyed state until the watermark passes it; then the events of each instant
 * go to Esper sorted by {@link CityEvent#SAME_INSTANT_ORDER}, with Esper's time advanced to that
 * instant first (timers in between fire at their own time). Once the instants up to a watermark are
 * done, Esper's time moves to the watermark itself, capped at the end of a bounded run. What
 * arrives at or behind the watermark is rejected as {@code late}.
 *
 * <p>Keyed state also holds each facility's latest metrics and the street-order ids seen in the
 * last day (a repeated id is a duplicate: ignored and counted).
 */
public class RulesOperator extends AbstractStreamOperator<Signal>
        implements OneInputStreamOperator<CityEvent, Signal>, Triggerable<String, VoidNamespace> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<DeadLetter> LATE =
            new OutputTag<>("rules-late", TypeInformation.of(DeadLetter.class)) {};

    /** How long a street-order id is remembered for duplicate detection. */
    static final long ORDER_ID_MEMORY_MS = 24L * 3600 * 1000;

    private final RuleSet rules;
    private final long timeLimit;

    private transient RuleEngine engine;
    private transient InternalTimerService<VoidNamespace> timers;
    private transient MapState<Long, List<CityEvent>> waiting;
    private transient MapState<String, double[]> facilityState;
    private transient MapState<String, Long> orderIds;
    private transient MapState<Long, List<String>> orderIdExpiry;
    private transient Counter late;
    private transient Counter duplicates;
    private transient Counter eventsIn;
    private transient Counter signalsOut;

    public RulesOperator(RuleSet rules, long timeLimit) {
        this.rules = rules;
        this.timeLimit = timeLimit;
    }

    @Override
    public void open() throws Exception {
        super.open();
        timers = getInternalTimerService("rules-instants", VoidNamespaceSerializer.INSTANCE, this);
        waiting =
                getPartitionedState(
                        new MapStateDescriptor<>(
                                "waiting",
                                Types.LONG,
                                Types.LIST(TypeInformation.of(CityEvent.class))));
        facilityState =
                getPartitionedState(
                        new MapStateDescriptor<>(
                                "facility-state",
                                Types.STRING,
                                org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo
                                        .DOUBLE_PRIMITIVE_ARRAY_TYPE_INFO));
        orderIds =
                getPartitionedState(
                        new MapStateDescriptor<>("order-ids", Types.STRING, Types.LONG));
        orderIdExpiry =
                getPartitionedState(
                        new MapStateDescriptor<>(
                                "order-id-expiry", Types.LONG, Types.LIST(Types.STRING)));
        var metrics = getRuntimeContext().getMetricGroup().addGroup("cityops");
        late = metrics.counter("late");
        duplicates = metrics.counter("duplicateOrders");
        eventsIn = metrics.counter("ruleEvents");
        signalsOut = metrics.counter("signals");
        String uri =
                "cityops-rules-"
                        + getRuntimeContext().getTaskInfo().getIndexOfThisSubtask()
                        + "-"
                        + UUID.randomUUID();
        engine =
                new RuleEngine(
                        uri,
                        rules,
                        s -> {
                            signalsOut.inc();
                            output.collect(new StreamRecord<>(s, s.ts()));
                        });
    }

    @Override
    public void processElement(StreamRecord<CityEvent> record) throws Exception {
        CityEvent e = record.getValue();
        if (e.ts <= timers.currentWatermark()) {
            late.inc();
            output.collect(
                    LATE,
                    new StreamRecord<>(
                            new DeadLetter(
                                    e.streamLabel(),
                                    Reasons.LATE,
                                    "ts="
                                            + e.ts
                                            + " is behind the watermark "
                                            + timers.currentWatermark(),
                                    e.raw(),
                                    e.ts),
                            e.ts));
            return;
        }
        List<CityEvent> at = waiting.get(e.ts);
        if (at == null) {
            at = new ArrayList<>(2);
        }
        at.add(e);
        waiting.put(e.ts, at);
        timers.registerEventTimeTimer(VoidNamespace.INSTANCE, e.ts);
    }

    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        long ts = timer.getTimestamp();
        List<String> expired = orderIdExpiry.get(ts);
        if (expired != null) {
            for (String id : expired) {
                orderIds.remove(id);
            }
            orderIdExpiry.remove(ts);
        }
        List<CityEvent> due = waiting.get(ts);
        if (due == null) {
            return;
        }
        waiting.remove(ts);
        due.sort(CityEvent.SAME_INSTANT_ORDER);
        engine.advanceTo(ts);
        for (CityEvent e : due) {
            eventsIn.inc();
            feed(e);
        }
    }

    private void feed(CityEvent e) throws Exception {
        switch (e.kind) {
            case CityEvent.READING -> {
                double[] next =
                        FacilityState.apply(
                                facilityState.get(e.key), e.reading.metric(), e.reading.value());
                facilityState.put(e.key, next);
                engine.reading(e.facility, e.reading, next, e.cell);
            }
            case CityEvent.OBSERVATION -> engine.observation(e.observation, e.facility);
            case CityEvent.WARNING -> engine.warning(e.warning, e.district);
            case CityEvent.ORDER -> {
                String id = e.order.id();
                if (orderIds.contains(id)) {
                    duplicates.inc();
                    return;
                }
                long expiry = e.ts + ORDER_ID_MEMORY_MS;
                orderIds.put(id, e.ts);
                List<String> ids = orderIdExpiry.get(expiry);
                if (ids == null) {
                    ids = new ArrayList<>(1);
                }
                ids.add(id);
                orderIdExpiry.put(expiry, ids);
                timers.registerEventTimeTimer(VoidNamespace.INSTANCE, expiry);
                engine.order(e.order, e.cell);
            }
            default -> throw new IllegalStateException("the rules got an event of kind " + e.kind);
        }
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        if (timeServiceManager != null) {
            timeServiceManager.advanceWatermark(mark);
        }
        long target = Math.min(mark.getTimestamp(), timeLimit);
        if (target > engine.currentTime() && target > 0) {
            engine.advanceTo(target);
        }
        output.emitWatermark(mark);
    }

    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) {}

    @Override
    public void close() throws Exception {
        if (engine != null) {
            engine.close();
        }
        super.close();
    }
}
