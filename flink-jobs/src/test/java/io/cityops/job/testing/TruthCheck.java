package io.cityops.job.testing;

import io.cityops.events.Incident;
import io.cityops.sim.TruthEntry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Compares the incidents a run raised with a scenario's ground truth: each expected incident must
 * open exactly once inside its window, and nothing else may open.
 */
public record TruthCheck(
        String scenario,
        int expected,
        int opened,
        List<String> missed,
        List<String> duplicated,
        List<String> outsideWindow,
        List<String> extra) {

    public static TruthCheck of(
            String scenario, List<TruthEntry> truth, Collection<Incident> incidents) {
        List<String> missed = new ArrayList<>();
        List<String> duplicated = new ArrayList<>();
        List<String> outside = new ArrayList<>();
        Set<String> explained = new HashSet<>();
        for (TruthEntry t : truth) {
            List<Incident> same =
                    incidents.stream()
                            .filter(
                                    i ->
                                            i.rule().equals(t.rule())
                                                    && i.subject().equals(t.subject()))
                            .toList();
            same.forEach(i -> explained.add(i.id()));
            if (same.isEmpty()) {
                missed.add(t.rule() + " " + t.subject());
            } else if (same.size() > 1) {
                duplicated.add(t.rule() + " " + t.subject() + " opened " + same.size() + " times");
            } else if (!t.contains(same.get(0).openedAt())) {
                outside.add(
                        t.rule()
                                + " "
                                + t.subject()
                                + " opened at "
                                + same.get(0).openedAt()
                                + ", expected "
                                + t.earliestOpen()
                                + ".."
                                + t.latestOpen());
            }
        }
        List<String> extra =
                incidents.stream()
                        .filter(i -> !explained.contains(i.id()))
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
        return new TruthCheck(
                scenario, truth.size(), incidents.size(), missed, duplicated, outside, extra);
    }

    /** Everything the run got wrong, one line each; empty when the truth was met. */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        missed.forEach(m -> p.add("missed " + m));
        duplicated.forEach(m -> p.add("duplicated " + m));
        outsideWindow.forEach(m -> p.add("outside window " + m));
        extra.forEach(m -> p.add("extra " + m));
        return p;
    }

    public boolean met() {
        return missed.isEmpty()
                && duplicated.isEmpty()
                && outsideWindow.isEmpty()
                && extra.isEmpty();
    }

    /** One line for the test log and the report. */
    public String summary() {
        return String.format(
                "%-20s expected %3d  opened %3d  missed %d  extra %d  duplicated %d  outside window %d",
                scenario,
                expected,
                opened,
                missed.size(),
                extra.size(),
                duplicated.size(),
                outsideWindow.size());
    }
}
