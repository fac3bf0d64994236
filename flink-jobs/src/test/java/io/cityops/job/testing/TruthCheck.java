package io.cityops.job.testing;

import io.cityops.events.Incident;
import io.cityops.job.replay.TruthMatch;
import io.cityops.sim.TruthEntry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Compares the incidents a run raised with a scenario's ground truth: each expected incident must
 * open exactly once inside its window, and nothing else may open ({@link TruthMatch}, which the
 * backtest report uses too).
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
        TruthMatch m = TruthMatch.of(truth, incidents);
        return new TruthCheck(
                scenario,
                m.expected(),
                m.opened(),
                m.missed(),
                m.duplicated(),
                m.outsideWindow(),
                m.extraLines());
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
