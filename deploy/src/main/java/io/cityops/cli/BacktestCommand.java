package io.cityops.cli;

import io.cityops.archive.TimeRange;
import io.cityops.job.JobConfig;
import io.cityops.job.replay.Backtest;
import io.cityops.job.replay.BacktestReport;
import io.cityops.job.replay.TruthMatch;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code cityops backtest --input DIR --rules DIR [--baseline-rules DIR] [--truth FILE] --out DIR
 * [--from TIME] [--until TIME] [--set NAME=VALUE] [--parallelism N]}: the bounded job with a
 * candidate rule set and a baseline (the shipped rules unless given), and a report in {@code
 * DIR/report.md} with its chart.
 */
final class BacktestCommand {
    private BacktestCommand() {}

    static int run(List<String> args) throws Exception {
        Flags f =
                Flags.parse(
                        "backtest",
                        args,
                        Set.of(
                                "--input",
                                "--rules",
                                "--baseline-rules",
                                "--truth",
                                "--out",
                                "--from",
                                "--until",
                                "--parallelism",
                                "--out-of-orderness"),
                        Set.of());
        Path input = Path.of(f.require("backtest", "--input"));
        Path out = Path.of(f.require("backtest", "--out"));
        if (!f.values.containsKey("--rules") && f.sets.isEmpty()) {
            throw new Flags.UsageException(
                    "backtest: --rules DIR (the candidate) is required, or --set NAME=VALUE to try"
                            + " thresholds on the shipped rules");
        }
        if (!Files.isDirectory(input)) {
            throw new NoSuchFileException("--input " + input + " is not a folder");
        }
        Path truth = f.values.containsKey("--truth") ? Path.of(f.values.get("--truth")) : null;
        if (truth != null && !Files.isRegularFile(truth)) {
            throw new NoSuchFileException("--truth " + truth + " is not a file");
        }
        Map<String, String> jobFlags = new HashMap<>();
        jobFlags.put("--parallelism", f.values.getOrDefault("--parallelism", "2"));
        if (f.values.containsKey("--out-of-orderness")) {
            jobFlags.put("--out-of-orderness", f.values.get("--out-of-orderness"));
        }
        JobConfig base = JobConfig.fromArgs(jobFlags, Map.of());
        Path rules = f.values.containsKey("--rules") ? Path.of(f.values.get("--rules")) : null;
        Path baseline =
                f.values.containsKey("--baseline-rules")
                        ? Path.of(f.values.get("--baseline-rules"))
                        : null;
        for (Path p : new Path[] {rules, baseline}) {
            if (p != null && !Files.isDirectory(p)) {
                throw new NoSuchFileException(p + " is not a rules folder");
            }
        }
        TimeRange range = TimeRange.parse(f.values.get("--from"), f.values.get("--until"));
        Backtest.Options options =
                new Backtest.Options(
                        input,
                        range,
                        rules,
                        f.sets,
                        baseline,
                        truth,
                        out,
                        "cityops backtest " + String.join(" ", args));
        System.out.printf(
                "backtest over %s%s at parallelism %d into %s%n",
                input, range.isAll() ? "" : " (" + range + ")", base.parallelism(), out);
        BacktestReport r =
                Backtest.run(
                        options,
                        base,
                        BacktestCommand::localEnvironment,
                        line -> System.out.println("  " + line));
        System.out.printf(
                "candidate %d incidents, baseline %d: %d added, %d removed, %d changed%n",
                r.candidate().size(),
                r.baseline().size(),
                r.comparison().added().size(),
                r.comparison().removed().size(),
                r.comparison().changed().size());
        if (r.candidateTruth() != null) {
            for (TruthMatch.RuleScore s : r.candidateTruth().byRule().values()) {
                System.out.printf(
                        "  %-22s expected %d  hits %d  misses %d  outside window %d  false alarms %d%n",
                        s.rule(),
                        s.expected(),
                        s.hits(),
                        s.missed(),
                        s.outsideWindow(),
                        s.falseAlarms());
            }
        }
        System.out.println(
                "report: " + out.resolve(Backtest.REPORT) + " (chart " + Backtest.CHART + ")");
        return 0;
    }

    static StreamExecutionEnvironment localEnvironment(int parallelism) {
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_PORT, "0");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);
        env.setParallelism(parallelism);
        return env;
    }
}
