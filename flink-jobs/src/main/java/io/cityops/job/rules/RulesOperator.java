package io.cityops.job.rules;

import io.cityops.events.DeadLetter;
import io.cityops.events.Facility;
import io.cityops.events.Reasons;
import io.cityops.job.CityEvent;
import io.cityops.job.sink.KeyedJson;

import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Runs the rules: one Esper runtime per parallel instance, fed in event-time order, its clock
 * driven by the watermark. Keyed by district (no rule correlates across districts), so the results
 * of a district do not depend on which other districts share its instance.
 *
 * <p>An event waits until the watermark passes it; then the events of each instant and district go
 * to Esper sorted by {@link CityEvent#SAME_INSTANT_ORDER}, with Esper's time advanced to that
 * instant first (timers in between fire at their own time). Once the instants up to a watermark are
 * done, Esper's time moves to the watermark itself, capped at the end of a bounded run. What
 * arrives at or behind the watermark is rejected as {@code late}.
 *
 * <p>Waiting events are held in one priority queue on the heap and released as each watermark
 * arrives, not with an event-time timer and a keyed map entry per instant: timers and map entries
 * per millisecond cost the operator more than Esper itself (docs/benchmarks/README.md). The queue
 * goes into keyed state (by district) only when a checkpoint is taken, and comes back from it on a
 * restore, so a rescale moves each district's waiting events with it. The log's and the order ids'
 * forgetting is driven by the watermark too, from queues in time order that a restore rebuilds from
 * the keyed state.
 *
 * <p>Keyed state also holds each facility's latest reading (with its metrics after it, which the
 * next reading starts from) and the street-order ids seen in the last day with their time (a
 * repeated id within a day is a duplicate: ignored and counted).
 *
 * <p>Esper keeps its windows, patterns and contexts in memory only. For a restore the operator also
 * keeps, by district: every event it fed to Esper during the rules' longest window ({@link
 * RuleSet#longestWindowMs()}; an event-time timer prunes the rest), the latest reading of each
 * facility and the latest warning of each hazard, and the MATCH that opened each condition that is
 * still open (a MATCH opens a rule and subject, its CLEAR closes it). Operator state holds Esper's
 * time at the checkpoint. A restored instance starts a fresh runtime and replays all that into it
 * ({@link EsperRebuild}) with its signals muted, since they were emitted before the checkpoint;
 * from that time on it runs as if it had never stopped.
 *
 * <p>Rules without a restart: run with two inputs (events keyed by district, and the {@code
 * city.rules} messages broadcast to every instance), the operator switches rule sets at an event
 * time (see {@link RuleSetSwitch}): events before it went to the old runtime, at or after it go to
 * a fresh runtime of the new set, rebuilt from the log up to the switch exactly as a restore
 * rebuilds (muted), so its windows are full. Only the events drive time; the rules input's
 * watermarks are ignored. With one input (a bounded replay) it runs the set it was built with.
 * Outcomes go to {@link #RULE_STATUS}.
 */
public class RulesOperator extends AbstractStreamOperator<Signal>
        implements OneInputStreamOperator<CityEvent, Signal>,
                TwoInputStreamOperator<CityEvent, RuleSetRecord, Signal> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RulesOperator.class);

    public static final OutputTag<DeadLetter> LATE =
            new OutputTag<>("rules-late", TypeInformation.of(DeadLetter.class)) {};

    /** What each instance made of each rule set, for {@code city.rules-status} (key: version). */
    public static final OutputTag<KeyedJson> RULE_STATUS =
            new OutputTag<>("rule-set-status", TypeInformation.of(KeyedJson.class)) {};

    /** How long a street-order id is remembered for duplicate detection. */
    static final long ORDER_ID_MEMORY_MS = 24L * 3600 * 1000;

    static final String WAITING_STATE = "waiting-events";
    static final String ORDER_IDS_STATE = "order-ids";
    static final String LOG_STATE = "esper-log";
    static final String LAST_READING_STATE = "esper-last-reading";
    static final String LAST_WARNING_STATE = "esper-last-warning";
    static final String OPEN_CONDITIONS_STATE = "esper-open-conditions";

    private final RuleSet rules;
    private final long timeLimit;
    private final long horizonMs;

    /**
     * Release order of waiting events: by time, then district (the key: rules are keyed by {@code
     * e.district}), then {@link CityEvent#SAME_INSTANT_ORDER}.
     */
    private static final Comparator<CityEvent> RELEASE_ORDER = RulesOperator::releaseOrder;

    private transient RuleEngine engine;

    /** Events waiting for the watermark, every district's (see the class comment). */
    private transient PriorityQueue<CityEvent> pending;

    /** The waiting events of a district at the last checkpoint, only written then. */
    private transient ListState<CityEvent> waiting;

    /** Districts whose {@link #waiting} the last checkpoint wrote, to clear at the next. */
    private transient Set<String> waitingWritten;

    private transient long watermark;

    /** Street-order id to the time it was first seen; forgotten a day later. */
    private transient MapState<String, Long> orderIds;

    /** The log's instants by district, in time order, to forget each a horizon later. */
    private transient ArrayDeque<Instant> logged;

    /** Each remembered order id, in the order they expire. */
    private transient ArrayDeque<OrderId> orderExpiry;

    private transient MapState<Long, List<FedEvent>> fed;
    private transient MapState<String, FedEvent> lastReading;
    private transient MapState<String, FedEvent> lastWarning;
    private transient MapState<String, Signal> openConditions;
    private transient ListState<Long> engineTime;

    /** Esper's time at the checkpoint restored from, or Long.MIN_VALUE. */
    private transient long restoredTime;

    private transient boolean muted;

    /** Rule and subject of each open condition of this instance, to its district. */
    private transient Map<String, String> openDistrict;

    /** Opened and closed conditions not yet written to keyed state. */
    private transient List<ConditionChange> conditionChanges;

    private transient KeyGroupRange keyGroups;
    private transient int maxParallelism;
    private transient Counter late;
    private transient Counter duplicates;
    private transient Counter eventsIn;
    private transient Counter signalsOut;

    /**
     * For the latency metric: when the event being fed to Esper arrived (0 between events), and the
     * latest arrival seen, which a signal raised by time passing is stamped with (the input that
     * moved time arrived no later).
     */
    private transient long feeding;

    private transient long latestArrival;
    private transient Map<String, Counter> received;
    private transient EsperRebuild.Summary rebuilt;
    private transient RuleSetSwitch ruleSets;

    private record ConditionChange(String district, String key, Signal opened) {}

    private record Instant(long ts, String district) {}

    private record OrderId(long expiry, String district, String id) {}

    public RulesOperator(RuleSet rules, long timeLimit) {
        this.rules = rules;
        this.timeLimit = timeLimit;
        this.horizonMs = rules.longestWindowMs();
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        engineTime =
                context.getOperatorStateStore()
                        .getUnionListState(new ListStateDescriptor<>("esper-time", Types.LONG));
        restoredTime = Long.MIN_VALUE;
        if (context.isRestored()) {
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            for (Long t : engineTime.get()) {
                if (t != Long.MIN_VALUE) {
                    min = Math.min(min, t);
                    max = Math.max(max, t);
                }
            }
            if (min != Long.MAX_VALUE) {
                restoredTime = min;
                if (max != min) {
                    // Aligned checkpoints give every instance the same watermark; unaligned ones
                    // need not.
                    LOG.warn(
                            "rules instances checkpointed at different times {} and {}: rebuilding"
                                    + " to the earlier one re-emits the signals in between",
                            min,
                            max);
                }
            }
        }
        ruleSets = new RuleSetSwitch(rules);
        ruleSets.initializeState(
                context.getOperatorStateStore(), context.isRestored(), restoredTime);
    }

    @Override
    public void open() throws Exception {
        super.open();
        waiting =
                getPartitionedState(
                        new ListStateDescriptor<>(
                                WAITING_STATE, TypeInformation.of(CityEvent.class)));
        orderIds =
                getPartitionedState(
                        new MapStateDescriptor<>(ORDER_IDS_STATE, Types.STRING, Types.LONG));
        TypeInformation<FedEvent> fedType = TypeInformation.of(FedEvent.class);
        fed =
                getPartitionedState(
                        new MapStateDescriptor<>(LOG_STATE, Types.LONG, Types.LIST(fedType)));
        lastReading =
                getPartitionedState(
                        new MapStateDescriptor<>(LAST_READING_STATE, Types.STRING, fedType));
        lastWarning =
                getPartitionedState(
                        new MapStateDescriptor<>(LAST_WARNING_STATE, Types.STRING, fedType));
        openConditions =
                getPartitionedState(
                        new MapStateDescriptor<>(
                                OPEN_CONDITIONS_STATE,
                                Types.STRING,
                                TypeInformation.of(Signal.class)));
        var task = getRuntimeContext().getTaskInfo();
        maxParallelism = task.getMaxNumberOfParallelSubtasks();
        keyGroups =
                KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(
                        maxParallelism,
                        task.getNumberOfParallelSubtasks(),
                        task.getIndexOfThisSubtask());
        var metrics = getRuntimeContext().getMetricGroup().addGroup("cityops");
        late = metrics.counter("late");
        duplicates = metrics.counter("duplicateOrders");
        eventsIn = metrics.counter("ruleEvents");
        signalsOut = metrics.counter("signals");
        received = new HashMap<>();
        openDistrict = new HashMap<>();
        conditionChanges = new ArrayList<>();
        ruleSets.open(
                metrics,
                task.getIndexOfThisSubtask(),
                task.getNumberOfParallelSubtasks(),
                st ->
                        output.collect(
                                RULE_STATUS,
                                new StreamRecord<>(
                                        new KeyedJson(
                                                st.version() == null ? "unknown" : st.version(),
                                                st.encode(),
                                                0,
                                                st.switchAt() == null ? 0 : st.switchAt()))));
        engine = newEngine(ruleSets.inForce());
        if (restoredTime != Long.MIN_VALUE) {
            muted = true;
            try {
                rebuilt = EsperRebuild.replay(new KeyedLog(), engine, restoredTime, horizonMs);
            } finally {
                muted = false;
            }
            LOG.info(
                    "rebuilt Esper to {} (horizon {} min): {} districts, {} events ({} older latest"
                            + " values), {} open conditions, in {} ms",
                    restoredTime,
                    horizonMs / 60_000,
                    rebuilt.districts(),
                    rebuilt.events(),
                    rebuilt.pinned(),
                    rebuilt.conditions(),
                    rebuilt.ms());
        }
        for (String d : keysOf(OPEN_CONDITIONS_STATE)) {
            setCurrentKey(d);
            for (String k : openConditions.keys()) {
                openDistrict.put(k, d);
            }
        }
        restoreQueues();
        // What the last restore cost this instance (0 when it started fresh).
        metrics.gauge("rebuildEvents", () -> rebuilt == null ? 0L : rebuilt.events());
        metrics.gauge("rebuildConditions", () -> rebuilt == null ? 0L : rebuilt.conditions());
        metrics.gauge("rebuildMs", () -> rebuilt == null ? 0L : rebuilt.ms());
    }

    /** A fresh Esper runtime for {@code set}, its signals going out unless muted. */
    private RuleEngine newEngine(RuleSet set) throws RuleLoadException {
        var task = getRuntimeContext().getTaskInfo();
        String uri = "cityops-rules-" + task.getIndexOfThisSubtask() + "-" + UUID.randomUUID();
        return new RuleEngine(
                uri,
                set,
                s -> {
                    if (muted) {
                        return;
                    }
                    track(s);
                    signalsOut.inc();
                    output.collect(
                            new StreamRecord<>(
                                    s.withArrivedAt(feeding != 0 ? feeding : latestArrival),
                                    s.ts()));
                });
    }

    /** The version of the rule set running now, for tests. */
    String runningVersion() {
        return engine.version();
    }

    @Override
    public void processElement1(StreamRecord<CityEvent> record) throws Exception {
        processElement(record);
    }

    /** A message of {@code city.rules}: compiled here; a late one switches at once. */
    @Override
    public void processElement2(StreamRecord<RuleSetRecord> record) throws Exception {
        if (ruleSets.receive(record.getValue(), Math.max(watermark, restoredTime))) {
            switchRules();
        }
    }

    /** Time comes from the events alone: the rules topic has no event time. */
    @Override
    public void processWatermark1(Watermark mark) throws Exception {
        processWatermark(mark);
    }

    @Override
    public void processWatermark2(Watermark mark) {}

    @Override
    protected void processWatermarkStatus(
            org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus status, int index)
            throws Exception {
        if (index == 0) {
            processWatermarkStatus(status);
        }
    }

    /**
     * Before the watermark reaches a pending set's switch time {@code S}: everything before {@code
     * S} goes to the old runtime (time advanced to {@code S - 1}), then the new set takes over.
     */
    private void switchIfDue(long mark) throws Exception {
        Long due = ruleSets.dueAt();
        if (due == null || due > Math.min(mark, timeLimit)) {
            return;
        }
        if (due - 1 > watermark) {
            processWatermark(new Watermark(due - 1));
        }
        switchRules();
    }

    /**
     * Replaces the runtime with one of the pending set, rebuilt from the log to the old one's time
     * (the path a restore takes, so a restore after the switch rebuilds the same). Conditions open
     * under the old set stay open: their MATCHes are in the rebuild, and the incident stage keys
     * incidents by rule and subject, so a rule in both sets does not open a second incident. The
     * log reaches back {@link RuleSet#longestWindowMs()} of the set the job was started with: a new
     * set's longer windows start out with only that much history.
     */
    private void switchRules() throws Exception {
        RuleSet next = ruleSets.activate();
        RuleEngine old = engine;
        boolean clockSet = old.clockSet();
        long until = old.currentTime();
        old.close();
        engine = newEngine(next);
        if (clockSet) {
            EsperRebuild.Summary replayed;
            muted = true;
            try {
                replayed = EsperRebuild.replay(new KeyedLog(), engine, until, horizonMs);
            } finally {
                muted = false;
            }
            LOG.info(
                    "switched to rule set {} at {}: rebuilt {} events, {} open conditions in {} ms",
                    next.version(),
                    until,
                    replayed.events(),
                    replayed.conditions(),
                    replayed.ms());
        }
    }

    /** The instants the log holds for the current key, for tests. */
    List<Long> loggedInstants() throws Exception {
        List<Long> out = new ArrayList<>();
        fed.keys().forEach(out::add);
        return out;
    }

    @Override
    public void processElement(StreamRecord<CityEvent> record) throws Exception {
        CityEvent e = record.getValue();
        latestArrival = Math.max(latestArrival, e.arrivedAt);
        // After a restore the watermark starts over; Esper's time does not.
        long now = Math.max(watermark, restoredTime);
        if (e.ts <= now) {
            late.inc();
            output.collect(
                    LATE,
                    new StreamRecord<>(
                            new DeadLetter(
                                    e.streamLabel(),
                                    Reasons.LATE,
                                    "ts=" + e.ts + " is behind the watermark " + now,
                                    e.raw(),
                                    e.ts),
                            e.ts));
            return;
        }
        received.computeIfAbsent(
                        e.streamLabel(),
                        label ->
                                getRuntimeContext()
                                        .getMetricGroup()
                                        .addGroup("cityops")
                                        .addGroup("stream", label)
                                        .counter("received"))
                .inc();
        pending.add(e);
    }

    // Written out rather than chained Comparators: the queue compares on every add and poll, and
    // the chain's lambdas were a tenth of the rules thread.
    private static int releaseOrder(CityEvent a, CityEvent b) {
        int c = Long.compare(a.ts, b.ts);
        if (c != 0) {
            return c;
        }
        if (!a.district.equals(b.district)) {
            return a.district.compareTo(b.district);
        }
        // SAME_INSTANT_ORDER's own first steps (a city on whole seconds ties on time often).
        c = Integer.compare(a.kind, b.kind);
        if (c != 0) {
            return c;
        }
        if (a.key != null && b.key != null && !a.key.equals(b.key)) {
            return a.key.compareTo(b.key);
        }
        return CityEvent.SAME_INSTANT_ORDER.compare(a, b);
    }

    /**
     * Feeds every waiting event at or before {@code until} to Esper, one instant and district at a
     * time, and logs what it fed for a rebuild.
     */
    private void release(long until) throws Exception {
        while (!pending.isEmpty() && pending.peek().ts <= until) {
            CityEvent first = pending.poll();
            long ts = first.ts;
            String district = first.district;
            setCurrentKey(district);
            engine.advanceTo(ts);
            List<FedEvent> log = new ArrayList<>(2);
            CityEvent e = first;
            while (true) {
                eventsIn.inc();
                feeding = e.arrivedAt;
                e.arrivedAt = 0; // the rebuild log has no use for it
                FedEvent f = feed(e, district);
                feeding = 0;
                if (f != null) {
                    log.add(f);
                }
                CityEvent next = pending.peek();
                if (next == null || next.ts != ts || !district.equals(next.district)) {
                    break;
                }
                e = pending.poll();
            }
            if (!log.isEmpty()) {
                fed.put(ts, log);
                logged.add(new Instant(ts, district));
            }
            applyConditionChanges();
        }
    }

    /** Forgets the log's instants a horizon behind {@code until}, and order ids a day old. */
    private void forget(long until) throws Exception {
        Instant i;
        while ((i = logged.peek()) != null && i.ts() + horizonMs < until) {
            logged.poll();
            setCurrentKey(i.district());
            fed.remove(i.ts());
        }
        OrderId o;
        while ((o = orderExpiry.peek()) != null && o.expiry() <= until) {
            orderExpiry.poll();
            setCurrentKey(o.district());
            Long seen = orderIds.get(o.id());
            // Seen again since (a day or more later): that sighting has its own expiry.
            if (seen != null && seen + ORDER_ID_MEMORY_MS == o.expiry()) {
                orderIds.remove(o.id());
            }
        }
    }

    /** Feeds one event to Esper; what to keep for a rebuild, or null when it was not fed. */
    private FedEvent feed(CityEvent e, String district) throws Exception {
        switch (e.kind) {
            case CityEvent.READING -> {
                // The facility's latest metrics are those after its latest reading.
                FedEvent previous = lastReading.get(e.key);
                if (previous != null) {
                    share(e, previous.event);
                }
                double[] next =
                        FacilityState.apply(
                                previous == null ? null : previous.state,
                                e.reading.metric(),
                                e.reading.value());
                FedEvent f = new FedEvent(e, next);
                lastReading.put(e.key, f);
                send(engine, e, next);
                return f;
            }
            case CityEvent.WARNING -> {
                FedEvent f = new FedEvent(e, null);
                lastWarning.put(e.warning.hazard().name(), f);
                send(engine, e, null);
                return f;
            }
            case CityEvent.ORDER -> {
                String id = e.order.id();
                Long seen = orderIds.get(id);
                if (seen != null && e.ts < seen + ORDER_ID_MEMORY_MS) {
                    duplicates.inc();
                    return null;
                }
                orderIds.put(id, e.ts);
                orderExpiry.add(new OrderId(e.ts + ORDER_ID_MEMORY_MS, district, id));
                send(engine, e, null);
                return new FedEvent(e, null);
            }
            default -> {
                send(engine, e, null);
                return new FedEvent(e, null);
            }
        }
    }

    /**
     * Points a reading's facility, cell and district at the previous reading's when they are equal:
     * every reading arrives with its own copies, and the log keeps two hours of readings, whose
     * copies the garbage collector would otherwise carry into the old generation one by one.
     */
    private static void share(CityEvent e, CityEvent previous) {
        if (e.facility != null && sameFacility(e.facility, previous.facility)) {
            e.facility = previous.facility;
        }
        if (e.cell != null && e.cell.equals(previous.cell)) {
            e.cell = previous.cell;
        }
        if (e.district != null && e.district.equals(previous.district)) {
            e.district = previous.district;
        }
    }

    /**
     * What {@code Facility.equals} says, written out: a record's generated equals goes through
     * method handles, which made the comparison a tenth of the rules thread.
     */
    private static boolean sameFacility(Facility a, Facility b) {
        return b != null
                && a.type() == b.type()
                && a.intervalSec() == b.intervalSec()
                && Double.compare(a.lat(), b.lat()) == 0
                && Double.compare(a.lon(), b.lon()) == 0
                && a.id().equals(b.id())
                && Objects.equals(a.district(), b.district())
                && Objects.equals(a.street(), b.street())
                && Objects.equals(a.building(), b.building())
                && Objects.equals(a.name(), b.name());
    }

    /** Hands an event to Esper; {@code state} is a reading's facility state after it. */
    static void send(RuleEngine engine, CityEvent e, double[] state) {
        switch (e.kind) {
            case CityEvent.READING -> engine.reading(e.facility, e.reading, state, e.cell);
            case CityEvent.OBSERVATION -> engine.observation(e.observation, e.facility);
            case CityEvent.WARNING -> engine.warning(e.warning, e.district);
            case CityEvent.ORDER -> engine.order(e.order, e.cell);
            default -> throw new IllegalStateException("the rules got an event of kind " + e.kind);
        }
    }

    /**
     * Follows which conditions are open: a MATCH of a rule and subject with none open opens one, a
     * CLEAR closes it. A condition belongs to the district of its opening MATCH.
     */
    private void track(Signal s) {
        String key = s.rule() + '\u0000' + s.subject();
        if (s.kind() == Signal.Kind.MATCH) {
            if (!openDistrict.containsKey(key) && s.district() != null && owned(s.district())) {
                openDistrict.put(key, s.district());
                conditionChanges.add(new ConditionChange(s.district(), key, s));
            }
        } else if (s.kind() == Signal.Kind.CLEAR) {
            String district = openDistrict.remove(key);
            if (district != null) {
                conditionChanges.add(new ConditionChange(district, key, null));
            }
        }
    }

    private boolean owned(String district) {
        return keyGroups.contains(
                KeyGroupRangeAssignment.assignToKeyGroup(district, maxParallelism));
    }

    /**
     * Writes the conditions that opened and closed during the last call into Esper (a signal can
     * belong to another district than the current key's, so they wait until it returns).
     */
    private void applyConditionChanges() throws Exception {
        if (conditionChanges.isEmpty()) {
            return;
        }
        for (ConditionChange c : conditionChanges) {
            setCurrentKey(c.district());
            if (c.opened() != null) {
                openConditions.put(c.key(), c.opened());
            } else {
                openConditions.remove(c.key());
            }
        }
        conditionChanges.clear();
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        switchIfDue(mark.getTimestamp());
        watermark = mark.getTimestamp();
        release(watermark);
        forget(watermark);
        long target = Math.min(mark.getTimestamp(), timeLimit);
        if (target > engine.currentTime() && target > 0) {
            engine.advanceTo(target);
            applyConditionChanges();
        }
        output.emitWatermark(mark);
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        // Runs before the keyed state backend takes its snapshot: the waiting events go in it.
        for (String d : waitingWritten) {
            setCurrentKey(d);
            waiting.clear();
        }
        waitingWritten.clear();
        Map<String, List<CityEvent>> byDistrict = new HashMap<>();
        for (CityEvent e : pending) {
            byDistrict.computeIfAbsent(e.district, d -> new ArrayList<>()).add(e);
        }
        for (Map.Entry<String, List<CityEvent>> w : byDistrict.entrySet()) {
            setCurrentKey(w.getKey());
            waiting.update(w.getValue());
            waitingWritten.add(w.getKey());
        }
        super.snapshotState(context);
        ruleSets.snapshot();
        engineTime.update(
                List.of(
                        engine != null && engine.clockSet()
                                ? engine.currentTime()
                                : Long.MIN_VALUE));
    }

    /**
     * After a restore: the waiting events back into the queue (their keyed state is cleared: the
     * next checkpoint writes the queue again), and the log's instants and the order ids in the
     * order they are to be forgotten.
     */
    private void restoreQueues() throws Exception {
        pending = new PriorityQueue<>(RELEASE_ORDER);
        waitingWritten = new HashSet<>();
        logged = new ArrayDeque<>();
        orderExpiry = new ArrayDeque<>();
        watermark = Long.MIN_VALUE;
        for (String d : keysOf(WAITING_STATE)) {
            setCurrentKey(d);
            for (CityEvent e : waiting.get()) {
                pending.add(e);
            }
            waiting.clear();
        }
        List<Instant> instants = new ArrayList<>();
        for (String d : keysOf(LOG_STATE)) {
            setCurrentKey(d);
            for (Long ts : fed.keys()) {
                instants.add(new Instant(ts, d));
            }
        }
        instants.sort(Comparator.comparingLong(Instant::ts).thenComparing(Instant::district));
        logged.addAll(instants);
        List<OrderId> ids = new ArrayList<>();
        for (String d : keysOf(ORDER_IDS_STATE)) {
            setCurrentKey(d);
            for (Map.Entry<String, Long> id : orderIds.entries()) {
                ids.add(new OrderId(id.getValue() + ORDER_ID_MEMORY_MS, d, id.getKey()));
            }
        }
        ids.sort(
                Comparator.comparingLong(OrderId::expiry)
                        .thenComparing(OrderId::district)
                        .thenComparing(OrderId::id));
        orderExpiry.addAll(ids);
    }

    @Override
    public void close() throws Exception {
        if (engine != null) {
            engine.close();
        }
        super.close();
    }

    private List<String> keysOf(String state) {
        TreeSet<String> keys = new TreeSet<>();
        try (Stream<String> s =
                this.<String>getKeyedStateBackend().getKeys(state, VoidNamespace.INSTANCE)) {
            s.forEach(keys::add);
        }
        return new ArrayList<>(keys);
    }

    /** The rebuild's view of this operator's keyed state. */
    private final class KeyedLog implements EsperRebuild.Log {
        @Override
        public List<String> districts() {
            TreeSet<String> all = new TreeSet<>();
            for (String state :
                    List.of(
                            LOG_STATE,
                            LAST_READING_STATE,
                            LAST_WARNING_STATE,
                            OPEN_CONDITIONS_STATE)) {
                all.addAll(keysOf(state));
            }
            return new ArrayList<>(all);
        }

        @Override
        public void select(String district) {
            setCurrentKey(district);
        }

        @Override
        public Iterable<Long> instants() throws Exception {
            return fed.keys();
        }

        @Override
        public List<FedEvent> at(long ts) throws Exception {
            return fed.get(ts);
        }

        @Override
        public void drop(long ts) throws Exception {
            fed.remove(ts);
        }

        @Override
        public Iterable<FedEvent> lastReadings() throws Exception {
            return lastReading.values();
        }

        @Override
        public Iterable<FedEvent> lastWarnings() throws Exception {
            return lastWarning.values();
        }

        @Override
        public Iterable<Signal> openConditions() throws Exception {
            return openConditions.values();
        }
    }
}
