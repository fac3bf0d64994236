package io.cityops.job.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityops.archive.TimeRange;
import io.cityops.events.Codec;
import io.cityops.events.Incident;
import io.cityops.job.JobConfig;
import io.cityops.job.testing.SharedCluster;
import io.cityops.job.testing.TruthCheck;
import io.cityops.sim.Scenario;
import io.cityops.sim.SimOptions;
import io.cityops.sim.SimulationRun;
import io.cityops.sim.Simulator;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import javax.xml.parsers.DocumentBuilderFactory;

/**
 * A backtest on the rainstorm where the candidate raises the waterlogging threshold from 15 to 20
 * cm: the report's scores are what the truth check computes from the two incident files, and what
 * the candidate added, removed and changed is the difference of those files.
 */
class BacktestTest {
    @TempDir static Path dir;
    static SimulationRun run;
    static BacktestReport report;
    static Path out;

    @BeforeAll
    static void backtestARaisedWaterloggingThreshold() throws Exception {
        run =
                new Simulator(
                                Scenario.load("rainstorm"),
                                SimOptions.defaults().facilities(300).seed(5))
                        .run();
        Path input = dir.resolve("rainstorm");
        run.writeTo(input);
        Path rules = dir.resolve("rules-20cm");
        Files.createDirectories(rules);
        try (var list = Files.list(Path.of("src/main/resources/rules"))) {
            for (Path p : list.filter(p -> p.toString().endsWith(".epl")).toList()) {
                Files.copy(p, rules.resolve(p.getFileName()));
            }
        }
        Files.writeString(rules.resolve("thresholds.properties"), "waterlogging_open_cm=20\n");
        out = dir.resolve("backtest");
        report =
                Backtest.run(
                        new Backtest.Options(
                                input,
                                TimeRange.ALL,
                                rules,
                                Map.of(),
                                null,
                                input.resolve(SimulationRun.TRUTH_FILE),
                                out,
                                "cityops backtest (test)"),
                        JobConfig.defaults(),
                        SharedCluster::env,
                        line -> {});
    }

    @Test
    void scoresEachRuleAsTheTruthCheckDoes() throws Exception {
        for (String which : List.of("candidate", "baseline")) {
            List<Incident> incidents = read(out.resolve(which + ".incidents.ndjson"));
            TruthCheck check = TruthCheck.of(which, run.truth(), incidents);
            Map<String, TruthMatch.RuleScore> scores =
                    (which.equals("candidate") ? report.candidateTruth() : report.baselineTruth())
                            .byRule();
            Set<String> rules = new TreeSet<>(scores.keySet());
            run.truth().forEach(t -> rules.add(t.rule()));
            for (String rule : rules) {
                TruthMatch.RuleScore s = scores.get(rule);
                long expected = run.truth().stream().filter(t -> t.rule().equals(rule)).count();
                long missed = count(check.missed(), rule);
                long duplicated = count(check.duplicated(), rule);
                long outside = count(check.outsideWindow(), rule);
                long extra = count(check.extra(), rule);
                assertThat(s.expected()).as("%s %s expected", which, rule).isEqualTo(expected);
                assertThat(s.missed()).as("%s %s misses", which, rule).isEqualTo(missed);
                assertThat(s.duplicated())
                        .as("%s %s duplicated", which, rule)
                        .isEqualTo(duplicated);
                assertThat(s.outsideWindow()).as("%s %s outside", which, rule).isEqualTo(outside);
                assertThat(s.falseAlarms()).as("%s %s false alarms", which, rule).isEqualTo(extra);
                assertThat(s.hits())
                        .as("%s %s hits", which, rule)
                        .isEqualTo(expected - missed - duplicated - outside);
            }
        }
        TruthMatch.RuleScore c = report.candidateTruth().byRule().get("WATERLOGGING");
        TruthMatch.RuleScore b = report.baselineTruth().byRule().get("WATERLOGGING");
        assertThat(b.hits()).as("the shipped rules meet the truth").isEqualTo(b.expected());
        assertThat(TruthCheck.of("baseline", run.truth(), report.baseline()).problems()).isEmpty();
        // The 17 cm underpass no longer opens; the deeper ones open later, past their window.
        assertThat(c.missed()).isPositive();
        assertThat(c.hits()).isLessThan(b.hits());
        assertThat(c.medianDelayMs()).isGreaterThan(b.medianDelayMs());
    }

    @Test
    void writesTheScoresIntoTheMarkdownReport() throws Exception {
        String md = Files.readString(out.resolve(Backtest.REPORT));
        TruthMatch.RuleScore c = report.candidateTruth().byRule().get("WATERLOGGING");
        TruthMatch.RuleScore b = report.baselineTruth().byRule().get("WATERLOGGING");
        assertThat(md)
                .contains("# Backtest: rules-20cm/ against shipped rules")
                .contains(
                        "| WATERLOGGING | "
                                + c.expected()
                                + " | "
                                + c.hits()
                                + " | "
                                + c.missed()
                                + " | "
                                + c.outsideWindow()
                                + " | "
                                + c.duplicated()
                                + " | "
                                + c.falseAlarms()
                                + " | ")
                .contains(
                        " | "
                                + b.hits()
                                + " | "
                                + b.missed()
                                + " | "
                                + b.falseAlarms()
                                + " | "
                                + BacktestReport.duration(b.medianDelayMs())
                                + " |\n")
                .contains(
                        report.comparison().added().size()
                                + " added, "
                                + report.comparison().removed().size()
                                + " removed, "
                                + report.comparison().changed().size()
                                + " changed")
                .contains("![Incidents opened per hour by rule](incidents-over-time.svg)");
    }

    @Test
    void addsRemovesAndChangesWhatTheTwoIncidentFilesDiffer() throws Exception {
        Map<String, Incident> candidate = byId(read(out.resolve(Backtest.CANDIDATE_FILE)));
        Map<String, Incident> baseline = byId(read(out.resolve(Backtest.BASELINE_FILE)));
        Set<String> added = new TreeSet<>(candidate.keySet());
        added.removeAll(baseline.keySet());
        Set<String> removed = new TreeSet<>(baseline.keySet());
        removed.removeAll(candidate.keySet());
        assertThat(ids(report.comparison().added())).isEqualTo(added);
        assertThat(ids(report.comparison().removed())).isEqualTo(removed);
        assertThat(report.comparison().changed())
                .allSatisfy(
                        ch ->
                                assertThat(Codec.encode(ch.candidate()))
                                        .isNotEqualTo(Codec.encode(ch.baseline())));
        // Only waterlogging incidents come or go: the threshold is theirs.
        assertThat(removed).isNotEmpty().allMatch(id -> id.startsWith("WATERLOGGING:"));
        assertThat(added).allMatch(id -> id.startsWith("WATERLOGGING:"));
    }

    @Test
    void drawsIncidentsOverTimeAsAnSvgWithALegend() throws Exception {
        Path svg = out.resolve(Backtest.CHART);
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile());
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
        String text = Files.readString(svg);
        for (Incident i : report.baseline()) {
            assertThat(text).contains(">" + i.rule() + "</text>");
        }
        assertThat(text).contains(">candidate (right)<").contains(">baseline (left, pale)<");
    }

    static long count(List<String> lines, String rule) {
        return lines.stream().filter(l -> l.startsWith(rule + " ")).count();
    }

    static List<Incident> read(Path file) throws Exception {
        return Files.readAllLines(file).stream().map(l -> Codec.decodeIncident(l).value()).toList();
    }

    static Map<String, Incident> byId(List<Incident> incidents) {
        return incidents.stream().collect(Collectors.toMap(Incident::id, i -> i));
    }

    static Set<String> ids(List<Incident> incidents) {
        return incidents.stream().map(Incident::id).collect(Collectors.toCollection(TreeSet::new));
    }
}
