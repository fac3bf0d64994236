package io.cityops.dispatch;

import io.cityops.events.Breach;
import io.cityops.events.Codec;
import io.cityops.events.DispatchAction;
import io.cityops.events.Incident;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The console's picture of the incidents: the latest version of each, as read from the compacted
 * incidents topic, plus what the console saw on the way (a timeline) and recent escalations. It is
 * derived only from Kafka, so a restart rebuilds it and it cannot disagree with the job. Written by
 * the feed's one thread; read by the web threads.
 */
final class IncidentView {
    /** Escalations kept for the supervisors' list; older ones drop off. */
    static final int MAX_ESCALATIONS = 500;

    /** Actions kept per incident for its timeline. */
    static final int MAX_ACTIONS_PER_INCIDENT = 200;

    /** What changed, for whoever listens (the live pages, the webhooks). */
    sealed interface Change {}

    /** A newer version of an incident; {@code firstSeen} when the console did not know it yet. */
    record IncidentChanged(Incident incident, boolean firstSeen) implements Change {}

    record IncidentRemoved(String id) implements Change {}

    record ActionSeen(DispatchAction action) implements Change {}

    record EscalationRaised(Escalation escalation) implements Change {}

    /** The view has read every topic up to where it ended when the console started. */
    record CaughtUp() implements Change {}

    interface Listener {
        void on(Change change);
    }

    private record Tracked(Incident incident, String json, List<TimelineEntry> timeline) {}

    private final Map<String, Tracked> incidents = new HashMap<>();
    private final Map<String, Deque<TimelineEntry>> actions = new HashMap<>();
    private final Deque<Escalation> escalations = new ArrayDeque<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private boolean caughtUp;
    final AtomicLong staleDropped = new AtomicLong();

    /** Applies a version; a version not newer than the one held is stale and dropped. */
    synchronized void apply(Incident i) {
        Tracked prev = incidents.get(i.id());
        if (prev != null && i.version() <= prev.incident().version()) {
            staleDropped.incrementAndGet();
            return;
        }
        List<TimelineEntry> timeline = new ArrayList<>(prev == null ? List.of() : prev.timeline());
        timeline.addAll(changes(prev == null ? null : prev.incident(), i));
        incidents.put(i.id(), new Tracked(i, Codec.encode(i), List.copyOf(timeline)));
        fire(new IncidentChanged(i, prev == null));
    }

    synchronized void remove(String id) {
        if (incidents.remove(id) != null) {
            fire(new IncidentRemoved(id));
        }
    }

    synchronized void applyAction(DispatchAction a) {
        Deque<TimelineEntry> l = actions.computeIfAbsent(a.incident(), k -> new ArrayDeque<>());
        StringBuilder t = new StringBuilder(a.action().name()).append(" sent by ").append(a.by());
        if (a.assignee() != null) {
            t.append(" to ").append(a.assignee());
        }
        if (a.note() != null && !a.note().isBlank()) {
            t.append(": ").append(a.note());
        }
        l.addLast(new TimelineEntry(a.ts(), "action", t.toString(), 0));
        if (l.size() > MAX_ACTIONS_PER_INCIDENT) {
            l.removeFirst();
        }
        fire(new ActionSeen(a));
    }

    /**
     * The job refused an action (a dead letter of the dispatch-actions stream): the person who sent
     * it sees why on the incident's timeline.
     */
    synchronized void applyRejection(DispatchAction a, String reason, String detail) {
        Deque<TimelineEntry> l = actions.computeIfAbsent(a.incident(), k -> new ArrayDeque<>());
        String why = detail == null || detail.isBlank() ? reason : reason + ": " + detail;
        l.addLast(
                new TimelineEntry(
                        a.ts(),
                        "rejected",
                        a.action().name()
                                + " by "
                                + a.by()
                                + " refused by the monitor ("
                                + why
                                + ")",
                        0));
        if (l.size() > MAX_ACTIONS_PER_INCIDENT) {
            l.removeFirst();
        }
        fire(new ActionSeen(a));
    }

    synchronized void applyEscalation(Escalation e) {
        escalations.addLast(e);
        if (escalations.size() > MAX_ESCALATIONS) {
            escalations.removeFirst();
        }
        fire(new EscalationRaised(e));
    }

    synchronized void markCaughtUp() {
        caughtUp = true;
        fire(new CaughtUp());
    }

    synchronized boolean caughtUp() {
        return caughtUp;
    }

    synchronized Optional<Incident> get(String id) {
        Tracked t = incidents.get(id);
        return t == null ? Optional.empty() : Optional.of(t.incident());
    }

    /** The contract JSON of the latest version. */
    synchronized Optional<String> json(String id) {
        Tracked t = incidents.get(id);
        return t == null ? Optional.empty() : Optional.of(t.json());
    }

    /** Versions seen and actions sent, oldest first. */
    synchronized List<TimelineEntry> timeline(String id) {
        List<TimelineEntry> l = new ArrayList<>();
        Tracked t = incidents.get(id);
        if (t != null) {
            l.addAll(t.timeline());
        }
        l.addAll(actions.getOrDefault(id, new ArrayDeque<>()));
        l.sort(Comparator.comparingLong(TimelineEntry::at));
        return l;
    }

    synchronized List<Incident> incidents() {
        return incidents.values().stream().map(Tracked::incident).toList();
    }

    synchronized List<Escalation> escalations() {
        return List.copyOf(escalations);
    }

    synchronized int size() {
        return incidents.size();
    }

    /**
     * Adds a listener and runs {@code atomically} under the same lock, so that whatever it reads (a
     * snapshot for a new page) and the changes the listener gets afterwards neither overlap nor
     * leave a gap.
     */
    synchronized <T> T subscribe(Listener l, java.util.function.Supplier<T> atomically) {
        listeners.add(l);
        return atomically.get();
    }

    void unsubscribe(Listener l) {
        listeners.remove(l);
    }

    private void fire(Change c) {
        for (Listener l : listeners) {
            l.on(c);
        }
    }

    private static List<TimelineEntry> changes(Incident prev, Incident i) {
        List<TimelineEntry> l = new ArrayList<>();
        long v = i.version();
        if (prev == null) {
            if (v == 1) {
                l.add(new TimelineEntry(i.openedAt(), "opened", "opened " + i.severity(), v));
            } else {
                l.add(new TimelineEntry(i.openedAt(), "opened", "opened", 0));
                l.add(
                        new TimelineEntry(
                                i.updatedAt(),
                                "seen",
                                "first seen at version " + v + ": " + i.status(),
                                v));
            }
            for (Breach b : i.breaches()) {
                l.add(breach(b, v));
            }
            return l;
        }
        if (prev.status() != i.status()) {
            l.add(
                    new TimelineEntry(
                            i.updatedAt(), "status", prev.status() + " → " + i.status(), v));
        }
        if (prev.severity() != i.severity()) {
            l.add(
                    new TimelineEntry(
                            i.updatedAt(),
                            "severity",
                            "severity " + prev.severity() + " → " + i.severity(),
                            v));
        }
        for (int k = prev.breaches().size(); k < i.breaches().size(); k++) {
            l.add(breach(i.breaches().get(k), v));
        }
        if (l.isEmpty()) {
            l.add(
                    new TimelineEntry(
                            i.updatedAt(),
                            "update",
                            "updated: " + i.occurrences() + " occurrences",
                            v));
        }
        return l;
    }

    private static TimelineEntry breach(Breach b, long v) {
        return new TimelineEntry(b.at(), "breach", b.kind() + " deadline missed", v);
    }
}
