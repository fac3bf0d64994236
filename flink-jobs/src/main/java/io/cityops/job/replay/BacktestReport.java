package io.cityops.job.replay;

import io.cityops.archive.TimeRange;
import io.cityops.events.Incident;
import io.cityops.events.Severity;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a backtest found, and its Markdown ({@link #markdown}) for a review: incidents per rule and
 * severity, what the candidate added, removed and changed against the baseline, and the scores
 * against the ground truth when one was given.
 *
 * @param candidateTruth null without a ground truth
 * @param baselineTruth null without a ground truth
 */
public record BacktestReport(
        Backtest.Options options,
        boolean archive,
        long endOfTime,
        String candidateLabel,
        String baselineLabel,
        List<Incident> candidate,
        List<Incident> baseline,
        Backtest.Comparison comparison,
        TruthMatch candidateTruth,
        TruthMatch baselineTruth) {

    /** Rows of the added/removed/changed table before it says "and N more". */
    static final int MAX_ROWS = 100;

    private static final DateTimeFormatter LOCAL =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(TimeRange.CITY_ZONE);

    /** Incidents by rule, then severity. */
    public static Map<String, Map<Severity, Integer>> bySeverity(List<Incident> incidents) {
        Map<String, Map<Severity, Integer>> out = new TreeMap<>();
        for (Incident i : incidents) {
            out.computeIfAbsent(i.rule(), r -> new EnumMap<>(Severity.class))
                    .merge(i.severity(), 1, Integer::sum);
        }
        return out;
    }

    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Backtest: ")
                .append(candidateLabel)
                .append(" against ")
                .append(baselineLabel)
                .append("\n\n");
        md.append("| | |\n|---|---|\n");
        md.append("| input | `")
                .append(options.input())
                .append("` (")
                .append(archive ? "archive" : "replay folder")
                .append(")")
                .append(options.range().isAll() ? "" : ", " + options.range())
                .append(" |\n");
        md.append("| candidate | ").append(candidateLabel).append(" |\n");
        md.append("| baseline | ").append(baselineLabel).append(" |\n");
        md.append("| time ended at | ").append(TimeRange.local(endOfTime)).append(" |\n");
        md.append("| incidents | candidate ")
                .append(candidate.size())
                .append(", baseline ")
                .append(baseline.size())
                .append(" |\n");
        if (options.command() != null) {
            md.append("| command | `").append(options.command()).append("` |\n");
        }
        md.append('\n');

        severityTable(md);
        comparisonTable(md);
        if (candidateTruth != null) {
            truthTable(md);
        }
        md.append("## Incidents over time\n\n");
        md.append("![Incidents opened per hour by rule](").append(Backtest.CHART).append(")\n\n");
        md.append("Files: `")
                .append(Backtest.CANDIDATE_FILE)
                .append("`, `")
                .append(Backtest.BASELINE_FILE)
                .append("` (final state of each incident, sorted by id) and their `.rejected`.\n");
        return md.toString();
    }

    private void severityTable(StringBuilder md) {
        Map<String, Map<Severity, Integer>> c = bySeverity(candidate);
        Map<String, Map<Severity, Integer>> b = bySeverity(baseline);
        TreeSet<String> rules = new TreeSet<>(c.keySet());
        rules.addAll(b.keySet());
        md.append("## Incidents per rule and severity (candidate)\n\n");
        md.append("| rule |");
        for (Severity s : Severity.values()) {
            md.append(' ').append(s).append(" |");
        }
        md.append(" candidate | baseline | change |\n|---|");
        md.append("---:|".repeat(Severity.values().length + 3)).append('\n');
        int[] totals = new int[Severity.values().length];
        for (String rule : rules) {
            Map<Severity, Integer> row = c.getOrDefault(rule, Map.of());
            md.append("| ").append(rule).append(" |");
            int sum = 0;
            for (Severity s : Severity.values()) {
                int n = row.getOrDefault(s, 0);
                totals[s.ordinal()] += n;
                sum += n;
                md.append(' ').append(n).append(" |");
            }
            int was = b.getOrDefault(rule, Map.of()).values().stream().mapToInt(i -> i).sum();
            md.append(' ')
                    .append(sum)
                    .append(" | ")
                    .append(was)
                    .append(" | ")
                    .append(signed(sum - was))
                    .append(" |\n");
        }
        md.append("| **all** |");
        for (int t : totals) {
            md.append(' ').append(t).append(" |");
        }
        md.append(' ')
                .append(candidate.size())
                .append(" | ")
                .append(baseline.size())
                .append(" | ")
                .append(signed(candidate.size() - baseline.size()))
                .append(" |\n\n");
    }

    private void comparisonTable(StringBuilder md) {
        Backtest.Comparison k = comparison;
        md.append("## Against the baseline\n\n");
        md.append(k.added().size())
                .append(" added, ")
                .append(k.removed().size())
                .append(" removed, ")
                .append(k.changed().size())
                .append(
                        " changed (the same incident id, with another final severity, status or"
                                + " number of occurrences). An incident's id comes from its rule,"
                                + " subject and opening time, so one that opens at another time"
                                + " is removed and added.\n\n");
        if (k.added().isEmpty() && k.removed().isEmpty() && k.changed().isEmpty()) {
            return;
        }
        md.append(
                "| | rule | subject | opened | severity | status | occurrences | the subject in"
                        + " the other run | id |\n"
                        + "|---|---|---|---|---|---|---:|---|---|\n");
        List<String> rows = new ArrayList<>();
        for (Incident i : k.added()) {
            rows.add(row("added", i, null, openedIn(baseline, i)));
        }
        for (Incident i : k.removed()) {
            rows.add(row("removed", i, null, openedIn(candidate, i)));
        }
        for (Backtest.Change ch : k.changed()) {
            rows.add(row("changed", ch.candidate(), ch.baseline(), "same id"));
        }
        rows.stream().limit(MAX_ROWS).forEach(md::append);
        if (rows.size() > MAX_ROWS) {
            md.append("\nand ")
                    .append(rows.size() - MAX_ROWS)
                    .append(" more: compare the two incidents files.\n");
        }
        md.append('\n');
    }

    /**
     * When {@code run} opened incidents of the same rule and subject: "opened 08:01", or "none".
     */
    private static String openedIn(List<Incident> run, Incident i) {
        List<String> at =
                run.stream()
                        .filter(o -> o.rule().equals(i.rule()) && o.subject().equals(i.subject()))
                        .map(o -> LOCAL.format(Instant.ofEpochMilli(o.openedAt())).substring(11))
                        .sorted()
                        .toList();
        return at.isEmpty() ? "none" : "opened " + String.join(", ", at);
    }

    private static String row(String what, Incident i, Incident was, String other) {
        return "| "
                + what
                + " | "
                + i.rule()
                + " | "
                + i.subject()
                + " | "
                + LOCAL.format(Instant.ofEpochMilli(i.openedAt()))
                + " | "
                + (was == null || was.severity() == i.severity()
                        ? i.severity()
                        : was.severity() + " → " + i.severity())
                + " | "
                + (was == null || was.status() == i.status()
                        ? i.status()
                        : was.status() + " → " + i.status())
                + " | "
                + (was == null || was.occurrences() == i.occurrences()
                        ? Integer.toString(i.occurrences())
                        : was.occurrences() + " → " + i.occurrences())
                + " | "
                + other
                + " | `"
                + i.id()
                + "` |\n";
    }

    private void truthTable(StringBuilder md) {
        md.append("## Against the ground truth\n\n");
        md.append('`')
                .append(options.truth().getFileName())
                .append("`: ")
                .append(candidateTruth.expected())
                .append(
                        " expected incidents. A hit opens once, of the rule and subject, inside"
                                + " its window; delay is opening time minus the window's start"
                                + " (median / max over the expected incidents it opened).\n\n");
        md.append(
                "| rule | expected | hits | misses | outside window | duplicated | false alarms |"
                        + " delay median | delay max | baseline hits | baseline misses |"
                        + " baseline false alarms | baseline delay median |\n"
                        + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        Map<String, TruthMatch.RuleScore> c = candidateTruth.byRule();
        Map<String, TruthMatch.RuleScore> b = baselineTruth.byRule();
        TreeSet<String> rules = new TreeSet<>(c.keySet());
        rules.addAll(b.keySet());
        for (String rule : rules) {
            TruthMatch.RuleScore s = c.getOrDefault(rule, empty(rule));
            TruthMatch.RuleScore was = b.getOrDefault(rule, empty(rule));
            md.append("| ")
                    .append(rule)
                    .append(" | ")
                    .append(s.expected())
                    .append(" | ")
                    .append(s.hits())
                    .append(" | ")
                    .append(s.missed())
                    .append(" | ")
                    .append(s.outsideWindow())
                    .append(" | ")
                    .append(s.duplicated())
                    .append(" | ")
                    .append(s.falseAlarms())
                    .append(" | ")
                    .append(duration(s.medianDelayMs()))
                    .append(" | ")
                    .append(duration(s.maxDelayMs()))
                    .append(" | ")
                    .append(was.hits())
                    .append(" | ")
                    .append(was.missed())
                    .append(" | ")
                    .append(was.falseAlarms())
                    .append(" | ")
                    .append(duration(was.medianDelayMs()))
                    .append(" |\n");
        }
        md.append('\n');
    }

    private static TruthMatch.RuleScore empty(String rule) {
        return new TruthMatch.RuleScore(rule, 0, 0, 0, 0, 0, 0, List.of());
    }

    /** {@code 0 s}, {@code 45 s}, {@code 12 min 5 s}, {@code -30 s}; an en dash for none. */
    static String duration(Long ms) {
        if (ms == null) {
            return "–";
        }
        long s = Math.round(ms / 1000.0);
        String sign = s < 0 ? "-" : "";
        s = Math.abs(s);
        return s < 60
                ? sign + s + " s"
                : sign + s / 60 + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s");
    }

    private static String signed(int d) {
        return d > 0 ? "+" + d : Integer.toString(d);
    }
}
