package io.cityops.job.replay;

import io.cityops.events.Incident;
import io.cityops.job.JsonTree;
import io.cityops.sim.TruthEntry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A run's incidents against a scenario's ground truth (the simulator's {@code truth.ndjson}): each
 * expected incident must open exactly once, of its rule and subject, inside its window; any other
 * incident is a false alarm. Detection delay is {@code openedAt} minus the window's start.
 */
public final class TruthMatch {

    public enum Outcome {
        HIT,
        MISSED,
        DUPLICATED,
        OUTSIDE_WINDOW
    }

    /** A truth entry, what became of it, and the incidents of its rule and subject. */
    public record Entry(TruthEntry truth, Outcome outcome, List<Incident> incidents) {
        /** openedAt of the first of its incidents minus the window's start; null if missed. */
        public Long delayMs() {
            return incidents.isEmpty() ? null : incidents.get(0).openedAt() - truth.earliestOpen();
        }
    }

    /** One rule's score; delays of every expected incident it opened, sorted. */
    public record RuleScore(
            String rule,
            int expected,
            int hits,
            int missed,
            int duplicated,
            int outsideWindow,
            int falseAlarms,
            List<Long> delaysMs) {

        public Long medianDelayMs() {
            return delaysMs.isEmpty() ? null : delaysMs.get((delaysMs.size() - 1) / 2);
        }

        public Long maxDelayMs() {
            return delaysMs.isEmpty() ? null : delaysMs.get(delaysMs.size() - 1);
        }
    }

    private final List<Entry> entries;
    private final List<Incident> extra;
    private final int opened;

    private TruthMatch(List<Entry> entries, List<Incident> extra, int opened) {
        this.entries = entries;
        this.extra = extra;
        this.opened = opened;
    }

    public static TruthMatch of(List<TruthEntry> truth, Collection<Incident> incidents) {
        List<Entry> entries = new ArrayList<>();
        Set<String> explained = new HashSet<>();
        for (TruthEntry t : truth) {
            List<Incident> same =
                    incidents.stream()
                            .filter(
                                    i ->
                                            i.rule().equals(t.rule())
                                                    && i.subject().equals(t.subject()))
                            .sorted(Comparator.comparingLong(Incident::openedAt))
                            .toList();
            same.forEach(i -> explained.add(i.id()));
            Outcome o;
            if (same.isEmpty()) {
                o = Outcome.MISSED;
            } else if (same.size() > 1) {
                o = Outcome.DUPLICATED;
            } else if (!t.contains(same.get(0).openedAt())) {
                o = Outcome.OUTSIDE_WINDOW;
            } else {
                o = Outcome.HIT;
            }
            entries.add(new Entry(t, o, same));
        }
        List<Incident> extra =
                incidents.stream()
                        .filter(i -> !explained.contains(i.id()))
                        .sorted(
                                Comparator.comparing(Incident::rule)
                                        .thenComparing(Incident::subject)
                                        .thenComparingLong(Incident::openedAt))
                        .toList();
        return new TruthMatch(List.copyOf(entries), extra, incidents.size());
    }

    /** The truth entries of a simulator's {@code truth.ndjson}. */
    public static List<TruthEntry> read(Path file) throws IOException {
        List<TruthEntry> out = new ArrayList<>();
        int n = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            try {
                Map<String, Object> m = JsonTree.object(line);
                String rule = JsonTree.string(m, "rule");
                String subject = JsonTree.string(m, "subject");
                Long earliest = JsonTree.number(m, "earliest");
                Long latest = JsonTree.number(m, "latest");
                if (rule == null || subject == null || earliest == null || latest == null) {
                    throw new IOException("needs rule, subject, earliest and latest");
                }
                out.add(new TruthEntry(rule, subject, earliest, latest));
            } catch (IOException e) {
                throw new IOException(file + ":" + n + ": not a truth entry: " + e.getMessage());
            }
        }
        return out;
    }

    public List<Entry> entries() {
        return entries;
    }

    /** Incidents that no truth entry expects (false alarms). */
    public List<Incident> extra() {
        return extra;
    }

    public int expected() {
        return entries.size();
    }

    public int opened() {
        return opened;
    }

    /** Scores by rule, for every rule of the truth or of a false alarm, sorted by rule. */
    public Map<String, RuleScore> byRule() {
        Set<String> rules = new java.util.TreeSet<>();
        entries.forEach(e -> rules.add(e.truth().rule()));
        extra.forEach(i -> rules.add(i.rule()));
        Map<String, RuleScore> out = new TreeMap<>();
        for (String rule : rules) {
            int[] n = new int[Outcome.values().length];
            List<Long> delays = new ArrayList<>();
            int expected = 0;
            for (Entry e : entries) {
                if (e.truth().rule().equals(rule)) {
                    expected++;
                    n[e.outcome().ordinal()]++;
                    if (e.delayMs() != null) {
                        delays.add(e.delayMs());
                    }
                }
            }
            delays.sort(null);
            int falseAlarms = (int) extra.stream().filter(i -> i.rule().equals(rule)).count();
            out.put(
                    rule,
                    new RuleScore(
                            rule,
                            expected,
                            n[Outcome.HIT.ordinal()],
                            n[Outcome.MISSED.ordinal()],
                            n[Outcome.DUPLICATED.ordinal()],
                            n[Outcome.OUTSIDE_WINDOW.ordinal()],
                            falseAlarms,
                            List.copyOf(delays)));
        }
        return out;
    }

    /** {@code RULE SUBJECT} of each missed entry. */
    public List<String> missed() {
        return entries.stream()
                .filter(e -> e.outcome() == Outcome.MISSED)
                .map(e -> e.truth().rule() + " " + e.truth().subject())
                .toList();
    }

    public List<String> duplicated() {
        return entries.stream()
                .filter(e -> e.outcome() == Outcome.DUPLICATED)
                .map(
                        e ->
                                e.truth().rule()
                                        + " "
                                        + e.truth().subject()
                                        + " opened "
                                        + e.incidents().size()
                                        + " times")
                .toList();
    }

    public List<String> outsideWindow() {
        return entries.stream()
                .filter(e -> e.outcome() == Outcome.OUTSIDE_WINDOW)
                .map(
                        e ->
                                e.truth().rule()
                                        + " "
                                        + e.truth().subject()
                                        + " opened at "
                                        + e.incidents().get(0).openedAt()
                                        + ", expected "
                                        + e.truth().earliestOpen()
                                        + ".."
                                        + e.truth().latestOpen())
                .toList();
    }

    /** {@code RULE SUBJECT at OPENEDAT (TITLE)} of each false alarm, sorted. */
    public List<String> extraLines() {
        return extra.stream()
                .map(
                        i ->
                                i.rule()
                                        + " "
                                        + i.subject()
                                        + " at "
                                        + i.openedAt()
                                        + " ("
                                        + i.title()
                                        + ")")
                .sorted()
                .toList();
    }
}
