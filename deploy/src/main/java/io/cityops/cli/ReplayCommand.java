package io.cityops.cli;

import io.cityops.archive.Republisher;
import io.cityops.archive.Slice;
import io.cityops.archive.TimeRange;
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

/**
 * {@code cityops replay} (CONTRACT.md, "Replay verb"), also over an archive of {@code cityops
 * record} and a time range ({@code --from}, {@code --until}); with {@code --to-kafka HOST:PORT
 * [--speed N|max] [--topic-prefix P]} it re-publishes the input to Kafka instead of running the
 * job.
 */
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
                                JobConfig.INFLUX_DB,
                                "--from",
                                "--until",
                                "--to-kafka",
                                "--speed",
                                "--topic-prefix"),
                        Set.of());
        Path input = Path.of(f.require("replay", "--input"));
        TimeRange range = TimeRange.parse(f.values.get("--from"), f.values.get("--until"));
        if (f.values.containsKey("--to-kafka")) {
            return republish(f, input, range);
        }
        if (f.values.containsKey("--speed") || f.values.containsKey("--topic-prefix")) {
            throw new Flags.UsageException(
                    "replay: --speed and --topic-prefix go with --to-kafka HOST:PORT");
        }
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
                "replaying %s%s at parallelism %d into %s%n",
                input, range.isAll() ? "" : " (" + range + ")", config.parallelism(), out);
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_PORT, "0");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);
        Replay.Summary s =
                Replay.run(input, range, out, config, env, line -> System.out.println("  " + line));
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

    /** {@code --to-kafka}: the input's records to the contract's topics, paced by event time. */
    private static int republish(Flags f, Path input, TimeRange range) throws Exception {
        for (String k : List.of("--incidents", "--rules", "--parallelism", "--out-of-orderness")) {
            if (f.values.containsKey(k) || !f.sets.isEmpty()) {
                throw new Flags.UsageException(
                        "replay --to-kafka re-publishes the input and runs no job: drop "
                                + (f.sets.isEmpty() ? k : "--set"));
            }
        }
        String kafka = f.values.get("--to-kafka");
        JobConfig.fromArgs(Map.of(JobConfig.KAFKA, kafka), Map.of());
        String speedText = f.values.getOrDefault("--speed", "max");
        double speed;
        if (speedText.equals("max")) {
            speed = Double.POSITIVE_INFINITY;
        } else {
            try {
                speed = Double.parseDouble(speedText);
            } catch (NumberFormatException e) {
                speed = -1;
            }
            if (!(speed > 0) || Double.isInfinite(speed)) {
                throw new Flags.UsageException(
                        "replay: --speed takes a positive number (times real time) or max, got '"
                                + speedText
                                + "'");
            }
        }
        Slice slice = Slice.of(input, range);
        String prefix = f.values.getOrDefault("--topic-prefix", "");
        System.out.printf(
                "re-publishing %s (%s%s) to %s%s at %s%n",
                input,
                slice.archive() ? "archive" : "replay folder",
                range.isAll() ? "" : ", " + range,
                kafka,
                prefix.isEmpty() ? "" : " topics " + prefix + "*",
                Double.isInfinite(speed) ? "max speed" : speedText + "x real time");
        var done =
                Republisher.publish(
                        slice,
                        kafka,
                        prefix,
                        speed,
                        p ->
                                System.out.printf(
                                        "  %d messages, event time %s%n",
                                        p.sent(), TimeRange.local(p.eventTs())));
        System.out.printf(
                "done in %.1f s: %d messages up to %s%n",
                done.elapsedMs() / 1000.0, done.sent(), TimeRange.local(done.eventTs()));
        return 0;
    }
}
