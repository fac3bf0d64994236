package io.cityops.cli;

import io.cityops.archive.ArchiveLayout;
import io.cityops.archive.Recorder;
import io.cityops.events.Stream;
import io.cityops.job.JobConfig;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code cityops record --kafka HOST:PORT --out DIR}: archives the input topics into hourly
 * segments ({@link ArchiveLayout}) until Ctrl-C, resuming where a previous run stopped. Flags:
 * {@code --topic-prefix P}, {@code --flush-interval 10s}, {@code --stop-at-end} (archive what the
 * topics hold now, then stop).
 */
final class RecordCommand {
    private RecordCommand() {}

    static int run(List<String> args) throws Exception {
        Flags f =
                Flags.parse(
                        "record",
                        args,
                        Set.of("--kafka", "--out", "--topic-prefix", "--flush-interval"),
                        Set.of("--stop-at-end"));
        String kafka = f.require("record", "--kafka");
        Path out = Path.of(f.require("record", "--out"));
        JobConfig.fromArgs(java.util.Map.of(JobConfig.KAFKA, kafka), java.util.Map.of());
        Recorder.Options options =
                new Recorder.Options(
                        kafka,
                        out,
                        f.values.getOrDefault("--topic-prefix", ""),
                        JobConfig.parseDuration(
                                "--flush-interval",
                                f.values.getOrDefault("--flush-interval", "10s")),
                        f.values.containsKey("--stop-at-end"));
        Recorder recorder = new Recorder(options);
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook =
                new Thread(
                        () -> {
                            recorder.stop();
                            try {
                                finished.await();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "record-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        System.out.printf(
                "recording %s%s into %s (Ctrl-C stops after writing what it has)%n",
                kafka,
                options.topicPrefix().isEmpty() ? "" : " topics " + options.topicPrefix() + "*",
                out);
        try {
            Recorder.Progress done = recorder.run(p -> System.out.println("  " + describe(p)));
            System.out.println("stopped: " + describe(done));
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook is what stopped us
            }
        }
        return 0;
    }

    static String describe(Recorder.Progress p) {
        List<String> parts = new ArrayList<>();
        for (Stream s : ArchiveLayout.SEGMENTED) {
            long clock = p.clocks().getOrDefault(s, Long.MIN_VALUE);
            parts.add(
                    s.label()
                            + " "
                            + p.records().getOrDefault(s, 0L)
                            + (clock == Long.MIN_VALUE
                                    ? ""
                                    : " (hour "
                                            + ArchiveLayout.segmentName(
                                                            ArchiveLayout.hourStart(clock))
                                                    .replace(ArchiveLayout.SEGMENT_SUFFIX, "")
                                            + ")"));
        }
        return String.join(", ", parts)
                + "; registry "
                + p.registryEntries()
                + " facilities"
                + (p.behind() > 0 ? "; " + p.behind() + " read, not yet written" : "")
                + " at "
                + Instant.now().toString().substring(11, 19)
                + "Z";
    }
}
