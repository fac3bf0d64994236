package io.cityops.job.replay;

import io.cityops.archive.Slice;
import io.cityops.archive.TimeRange;
import io.cityops.events.Codec;
import io.cityops.events.Incident;
import io.cityops.job.JobConfig;
import io.cityops.sim.TruthEntry;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * {@code cityops backtest}: the bounded job over the same input with a candidate rule set and a
 * baseline one, compared incident by incident and, given the simulator's ground truth, against it.
 * Writes into {@code out}: {@value #REPORT}, {@value #CHART}, and each run's incidents file (with
 * its {@code .rejected}).
 */
public final class Backtest {
    public static final String REPORT = "report.md";
    public static final String CHART = "incidents-over-time.svg";
    public static final String CANDIDATE_FILE = "candidate.incidents.ndjson";
    public static final String BASELINE_FILE = "baseline.incidents.ndjson";

    /** Where each run goes (a local environment for the CLI, the shared MiniCluster in tests). */
    @FunctionalInterface
    public interface Environments {
        StreamExecutionEnvironment create(int parallelism) throws Exception;
    }

    /**
     * @param rules the candidate's rules folder; null for the shipped rules
     * @param sets the candidate's threshold overrides
     * @param baselineRules null for the shipped rules
     * @param truth the simulator's {@code truth.ndjson}, or null
     * @param command how it was called, quoted in the report so it can be run again
     */
    public record Options(
            Path input,
            TimeRange range,
            Path rules,
            Map<String, String> sets,
            Path baselineRules,
            Path truth,
            Path out,
            String command) {}

    private Backtest() {}

    public static BacktestReport run(
            Options o, JobConfig base, Environments envs, Consumer<String> progress)
            throws Exception {
        List<TruthEntry> truth =
                o.truth() == null ? null : inRange(TruthMatch.read(o.truth()), o.range());
        Files.createDirectories(o.out());
        Slice slice = Slice.of(o.input(), o.range());

        JobConfig candidateConfig = base.withRules(o.rules(), o.sets());
        JobConfig baselineConfig = base.withRules(o.baselineRules(), Map.of());
        progress.accept("candidate: " + label(o.rules(), o.sets()));
        Path candidateFile = o.out().resolve(CANDIDATE_FILE);
        Replay.Summary cs =
                Replay.run(
                        o.input(),
                        o.range(),
                        candidateFile,
                        candidateConfig,
                        envs.create(base.parallelism()),
                        line -> progress.accept("  " + line));
        progress.accept(
                String.format(
                        "  %d incidents %s in %.1f s",
                        cs.incidents(), cs.byRule(), cs.millis() / 1000.0));
        progress.accept("baseline: " + label(o.baselineRules(), Map.of()));
        Path baselineFile = o.out().resolve(BASELINE_FILE);
        Replay.Summary bs =
                Replay.run(
                        o.input(),
                        o.range(),
                        baselineFile,
                        baselineConfig,
                        envs.create(base.parallelism()),
                        line -> progress.accept("  " + line));
        progress.accept(
                String.format(
                        "  %d incidents %s in %.1f s",
                        bs.incidents(), bs.byRule(), bs.millis() / 1000.0));

        List<Incident> candidate = read(candidateFile);
        List<Incident> baseline = read(baselineFile);
        BacktestReport report =
                new BacktestReport(
                        o,
                        slice.archive(),
                        cs.endOfTime(),
                        label(o.rules(), o.sets()),
                        label(o.baselineRules(), Map.of()),
                        candidate,
                        baseline,
                        compare(baseline, candidate),
                        truth == null ? null : TruthMatch.of(truth, candidate),
                        truth == null ? null : TruthMatch.of(truth, baseline));
        Files.writeString(o.out().resolve(REPORT), report.markdown(), StandardCharsets.UTF_8);
        Files.writeString(
                o.out().resolve(CHART),
                IncidentChart.svg(
                        "Incidents opened per hour: "
                                + report.candidateLabel()
                                + " against "
                                + report.baselineLabel(),
                        candidate,
                        baseline,
                        o.range().from(),
                        cs.endOfTime()),
                StandardCharsets.UTF_8);
        return report;
    }

    /** What the candidate did differently from the baseline, incident by incident. */
    public record Comparison(List<Incident> added, List<Incident> removed, List<Change> changed) {}

    /** An incident both runs opened (same id) that ended differently. */
    public record Change(Incident baseline, Incident candidate) {}

    /**
     * Added: ids only the candidate has; removed: ids only the baseline has; changed: the same id
     * with another final severity, status or number of occurrences.
     */
    public static Comparison compare(List<Incident> baseline, List<Incident> candidate) {
        Map<String, Incident> b = byId(baseline);
        Map<String, Incident> c = byId(candidate);
        List<Incident> added = new ArrayList<>();
        List<Incident> removed = new ArrayList<>();
        List<Change> changed = new ArrayList<>();
        for (Incident i : c.values()) {
            Incident was = b.get(i.id());
            if (was == null) {
                added.add(i);
            } else if (was.severity() != i.severity()
                    || was.status() != i.status()
                    || was.occurrences() != i.occurrences()) {
                changed.add(new Change(was, i));
            }
        }
        for (Incident i : b.values()) {
            if (!c.containsKey(i.id())) {
                removed.add(i);
            }
        }
        return new Comparison(added, removed, changed);
    }

    private static Map<String, Incident> byId(List<Incident> incidents) {
        Map<String, Incident> m = new TreeMap<>();
        incidents.forEach(i -> m.put(i.id(), i));
        return m;
    }

    /** The truth entries whose window meets the range (all of them for the whole input). */
    static List<TruthEntry> inRange(List<TruthEntry> truth, TimeRange range) {
        return truth.stream()
                .filter(t -> t.latestOpen() >= range.from() && t.earliestOpen() <= range.until())
                .toList();
    }

    static List<Incident> read(Path file) throws IOException {
        List<Incident> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            var d = Codec.decodeIncident(line);
            if (d.value() == null) {
                throw new IOException(file + ": not an incident: " + line);
            }
            out.add(d.value());
        }
        return out;
    }

    static String label(Path rules, Map<String, String> sets) {
        StringBuilder b =
                new StringBuilder(rules == null ? "shipped rules" : rules.getFileName() + "/");
        if (!sets.isEmpty()) {
            Map<String, String> sorted = new LinkedHashMap<>(new TreeMap<>(sets));
            b.append(" with ");
            b.append(
                    String.join(
                            ", ",
                            sorted.entrySet().stream()
                                    .map(e -> e.getKey() + "=" + e.getValue())
                                    .toList()));
        }
        return b.toString();
    }
}
