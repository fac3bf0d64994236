package io.cityops.job.rules;

import io.cityops.job.CityEvent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * Rebuilds a fresh Esper runtime after a restore, from what the rules stage keeps for it in keyed
 * state (by district): the events fed in the last {@link RuleSet#longestWindowMs()} (the log), the
 * latest reading of each facility and the latest warning of each hazard when they are older than
 * that, and the MATCH that opened each condition still open. Open-source Esper cannot snapshot its
 * windows, patterns and contexts; replaying these rebuilds them.
 *
 * <p>Everything goes in at its own event time, in the order the rules first saw it (all districts
 * merged by time, as they shared the runtime; within an instant the opening MATCHes first, then the
 * events in {@link CityEvent#SAME_INSTANT_ORDER}), and Esper's clock ends at the time it had when
 * the checkpoint was taken. The caller mutes the signals meanwhile: they were emitted before the
 * checkpoint.
 *
 * <p>Why these three suffice for the shipped rules (docs/architecture.md has the long form): every
 * time window and timer is at most the horizon long, so the log rebuilds them; what outlives the
 * horizon is either the latest value of something (a sensor's silence timer and a streetlight's
 * fault: its latest reading; a district's warning: its latest issue) or an open condition (its
 * context and named-window rows are created by its opening MATCH and removed by its CLEAR).
 */
final class EsperRebuild {
    private EsperRebuild() {}

    /** The rules stage's keyed state, one district at a time. */
    interface Log {
        /** Every district that has state, in a fixed order. */
        List<String> districts() throws Exception;

        /** Makes {@code district} the one that the methods below read. */
        void select(String district);

        Iterable<Long> instants() throws Exception;

        List<FedEvent> at(long ts) throws Exception;

        /** Forgets an instant older than the horizon (left by a run with a shorter one). */
        void drop(long ts) throws Exception;

        Iterable<FedEvent> lastReadings() throws Exception;

        Iterable<FedEvent> lastWarnings() throws Exception;

        Iterable<Signal> openConditions() throws Exception;
    }

    /** What a rebuild replayed, for the log line and the tests. */
    record Summary(int districts, long events, long pinned, long conditions, long ms) {}

    static final Comparator<Signal> CONDITION_ORDER =
            Comparator.comparingLong(Signal::ts)
                    .thenComparing(Signal::rule)
                    .thenComparing(Signal::subject);

    private static final Comparator<FedEvent> EVENT_ORDER =
            (a, b) -> CityEvent.SAME_INSTANT_ORDER.compare(a.event, b.event);

    /**
     * Replays the log of every district into {@code engine} and moves its clock to {@code until},
     * the engine time of the checkpoint; instants older than {@code until - horizonMs} are dropped.
     */
    static Summary replay(Log log, RuleEngine engine, long until, long horizonMs) throws Exception {
        long started = System.nanoTime();
        long cut = until - horizonMs;
        PriorityQueue<Cursor> queue =
                new PriorityQueue<>(
                        Comparator.comparingLong(Cursor::next).thenComparing(c -> c.district));
        long pinned = 0;
        long conditions = 0;
        List<String> districts = log.districts();
        for (String d : districts) {
            log.select(d);
            List<Long> kept = new ArrayList<>();
            for (Long ts : log.instants()) {
                kept.add(ts);
            }
            long[] instants = kept.stream().mapToLong(Long::longValue).sorted().toArray();
            int from = 0;
            while (from < instants.length && instants[from] < cut) {
                log.drop(instants[from++]);
            }
            instants = Arrays.copyOfRange(instants, from, instants.length);
            // The log holds every event fed since its first instant; a latest value older than
            // that is not in it.
            long first = instants.length == 0 ? Long.MAX_VALUE : instants[0];
            Cursor c = new Cursor(d, instants);
            for (FedEvent e : log.lastReadings()) {
                if (e.ts() < first) {
                    c.old.computeIfAbsent(e.ts(), t -> new ArrayList<>()).add(e);
                    pinned++;
                }
            }
            for (FedEvent e : log.lastWarnings()) {
                if (e.ts() < first) {
                    c.old.computeIfAbsent(e.ts(), t -> new ArrayList<>()).add(e);
                    pinned++;
                }
            }
            for (Signal m : log.openConditions()) {
                c.opened.computeIfAbsent(m.ts(), t -> new ArrayList<>()).add(m);
                conditions++;
            }
            if (c.next() != Long.MAX_VALUE) {
                queue.add(c);
            }
        }
        long events = 0;
        while (!queue.isEmpty()) {
            Cursor c = queue.poll();
            long ts = c.next();
            log.select(c.district);
            List<Signal> opened = c.opened.remove(ts);
            if (opened != null) {
                opened.sort(CONDITION_ORDER);
                for (Signal m : opened) {
                    engine.rematch(m);
                }
            }
            List<FedEvent> due = new ArrayList<>();
            List<FedEvent> old = c.old.remove(ts);
            if (old != null) {
                due.addAll(old);
            }
            if (c.i < c.instants.length && c.instants[c.i] == ts) {
                List<FedEvent> logged = log.at(ts);
                if (logged != null) {
                    due.addAll(logged);
                }
                c.i++;
            }
            if (!due.isEmpty()) {
                due.sort(EVENT_ORDER);
                engine.advanceTo(ts);
                for (FedEvent e : due) {
                    RulesOperator.send(engine, e.event, e.state);
                    events++;
                }
            }
            if (c.next() != Long.MAX_VALUE) {
                queue.add(c);
            }
        }
        if (until > engine.currentTime() || !engine.clockSet()) {
            engine.advanceTo(until);
        }
        return new Summary(
                districts.size(),
                events,
                pinned,
                conditions,
                (System.nanoTime() - started) / 1_000_000);
    }

    /** One district's replay: its logged instants, older latest values, opening MATCHes. */
    private static final class Cursor {
        final String district;
        final long[] instants;
        int i;
        final TreeMap<Long, List<FedEvent>> old = new TreeMap<>();
        final TreeMap<Long, List<Signal>> opened = new TreeMap<>();

        Cursor(String district, long[] instants) {
            this.district = district;
            this.instants = instants;
        }

        long next() {
            long n = i < instants.length ? instants[i] : Long.MAX_VALUE;
            if (!old.isEmpty()) {
                n = Math.min(n, old.firstKey());
            }
            if (!opened.isEmpty()) {
                n = Math.min(n, opened.firstKey());
            }
            return n;
        }
    }
}
