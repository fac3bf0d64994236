package io.cityops.cli;

import io.cityops.job.JobConfig;
import io.cityops.job.replay.Replay;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code cityops replay} (CONTRACT.md, "Replay verb"). */
final class ReplayCommand {
    private ReplayCommand() {}

    static int run(List<String> args) throws Exception {
        Flags f =
                Flags.parse(
                        "replay",
                        args,
                        Set.of(
                                "--input",
                                "--incidents",
                                "--rules",
                                "--parallelism",
                                "--out-of-orderness",
                                JobConfig.INFLUX,
                                JobConfig.INFLUX_DB),
                        Set.of());
        Path input = Path.of(f.require("replay", "--input"));
        Path out = Path.of(f.require("replay", "--incidents"));
        if (!Files.isDirectory(input)) {
            throw new NoSuchFileException("--input " + input + " is not a folder");
        }
        Map<String, String> jobFlags = new java.util.HashMap<>();
        for (String k :
                List.of(
                        "--rules",
                        "--parallelism",
                        "--out-of-orderness",
                        JobConfig.INFLUX,
                        JobConfig.INFLUX_DB)) {
            if (f.values.containsKey(k)) {
                jobFlags.put(k, f.values.get(k));
            }
        }
        if (!jobFlags.containsKey("--parallelism")) {
            jobFlags.put("--parallelism", "2");
        }
        JobConfig config = JobConfig.fromArgs(jobFlags, f.sets);
        System.out.printf(
                "replaying %s at parallelism %d into %s%n", input, config.parallelism(), out);
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_PORT, "0");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);
        Replay.Summary s =
                Replay.run(input, out, config, env, line -> System.out.println("  " + line));
        System.out.printf(
                "done in %.1f s: %d incidents %s, %d rejected %s; time ended at %s%n",
                s.millis() / 1000.0,
                s.incidents(),
                s.byRule(),
                s.rejected(),
                s.byReason(),
                java.time.Instant.ofEpochMilli(s.endOfTime()));
        return 0;
    }
}
