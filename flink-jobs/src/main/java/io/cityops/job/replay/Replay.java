package io.cityops.job.replay;

import io.cityops.archive.Slice;
import io.cityops.archive.TimeRange;
import io.cityops.events.Codec;
import io.cityops.events.Stream;
import io.cityops.job.CityOpsJob;
import io.cityops.job.JobConfig;
import io.cityops.job.sink.KeyedJson;
import io.cityops.job.source.FileInputs;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * The bounded run behind {@code cityops replay} (CONTRACT.md, "Replay verb"): the production job
 * over the files of a replay folder, in event time, as fast as the machine allows. Time ends at the
 * largest {@code ts} of the input. Writes the final state of every incident sorted by id, and the
 * rejected input sorted, so the same input gives byte-identical files at every parallelism.
 *
 * <p>Also over an archive that {@code cityops record} wrote, and over a time range of either
 * ({@link Slice}): then time ends at the largest {@code ts} in the range, or at the range's end
 * when the input goes on past it.
 */
public final class Replay {

    /** What a replay did, for the summary it prints. */
    public record Summary(
            int incidents,
            int rejected,
            Map<String, Integer> byRule,
            Map<String, Integer> byReason,
            long endOfTime,
            long millis) {}

    private Replay() {}

    /**
     * @param env where to run (a local environment for the CLI, the shared MiniCluster in tests)
     */
    public static Summary run(
            Path input, Path incidentsFile, JobConfig config, StreamExecutionEnvironment env)
            throws Exception {
        return run(input, incidentsFile, config, env, line -> {});
    }

    /**
     * @param progress told every few seconds how far the run is, for long replays
     */
    public static Summary run(
            Path input,
            Path incidentsFile,
            JobConfig config,
            StreamExecutionEnvironment env,
            java.util.function.Consumer<String> progress)
            throws Exception {
        return run(input, TimeRange.ALL, incidentsFile, config, env, progress);
    }

    /**
     * @param input a replay folder or an archive
     * @param range the event time to replay (both ends inclusive); {@link TimeRange#ALL} for all
     */
    public static Summary run(
            Path input,
            TimeRange range,
            Path incidentsFile,
            JobConfig config,
            StreamExecutionEnvironment env,
            java.util.function.Consumer<String> progress)
            throws Exception {
        long started = System.currentTimeMillis();
        if (!Files.isDirectory(input)) {
            throw new NoSuchFileException(
                    input + " is not a folder (expected a replay folder or an archive)");
        }
        Slice slice = Slice.of(input, range);
        long end = !slice.archive() && range.isAll() ? endOfTime(input) : slice.endOfTime();
        JobConfig bounded = config.withEndOfTime(end);
        List<DataStream<KeyedJson>> outs = new ArrayList<>();
        CityOpsJob job =
                new CityOpsJob(
                        bounded,
                        new FileInputs(input, range),
                        streams -> {
                            outs.add(streams.incidents());
                            outs.add(streams.deadLetters());
                        });
        job.build(env);
        CloseableIterator<KeyedJson> results = outs.get(0).union(outs.get(1)).collectAsync();
        JobClient client = env.executeAsync("cityops replay " + input.getFileName());

        Map<String, KeyedJson> latest = new TreeMap<>();
        List<String> rejected = new ArrayList<>();
        var ticker =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "replay-progress");
                            t.setDaemon(true);
                            return t;
                        });
        java.util.concurrent.atomic.AtomicInteger seenIncidents =
                new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger seenRejected =
                new java.util.concurrent.atomic.AtomicInteger();
        ticker.scheduleAtFixedRate(
                () ->
                        progress.accept(
                                String.format(
                                        "%.0f s: %d incident versions and %d rejected lines so far",
                                        (System.currentTimeMillis() - started) / 1000.0,
                                        seenIncidents.get(),
                                        seenRejected.get())),
                5,
                5,
                java.util.concurrent.TimeUnit.SECONDS);
        try (results) {
            while (results.hasNext()) {
                KeyedJson m = results.next();
                if (m.key == null) {
                    seenRejected.incrementAndGet();
                    rejected.add(m.json);
                } else {
                    seenIncidents.incrementAndGet();
                    latest.merge(m.key, m, (a, b) -> a.version >= b.version ? a : b);
                }
            }
        } finally {
            ticker.shutdownNow();
        }
        client.getJobExecutionResult().get();

        Map<String, Integer> byRule = new TreeMap<>();
        Path parent = incidentsFile.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (BufferedWriter w = Files.newBufferedWriter(incidentsFile, StandardCharsets.UTF_8)) {
            for (KeyedJson m : latest.values()) {
                w.write(m.json);
                w.write('\n');
                byRule.merge(m.key.substring(0, m.key.indexOf(':')), 1, Integer::sum);
            }
        }
        Map<String, Integer> byReason = new TreeMap<>();
        rejected.sort(null);
        try (BufferedWriter w =
                Files.newBufferedWriter(
                        Path.of(incidentsFile.toString() + ".rejected"), StandardCharsets.UTF_8)) {
            for (String line : rejected) {
                w.write(line);
                w.write('\n');
                var d = Codec.decodeDeadLetter(line).value();
                if (d != null) {
                    byReason.merge(d.stream() + "/" + d.reason(), 1, Integer::sum);
                }
            }
        }
        return new Summary(
                latest.size(),
                rejected.size(),
                byRule,
                byReason,
                end,
                System.currentTimeMillis() - started);
    }

    /** The largest ts of any event in the folder (the registry has none); 0 for an empty folder. */
    public static long endOfTime(Path dir) throws IOException {
        AtomicLong max = new AtomicLong(0);
        List<Thread> scans = new ArrayList<>();
        List<IOException> errors = new ArrayList<>();
        for (Stream s : Stream.values()) {
            Path f = FileInputs.fileOf(dir, s);
            if (s == Stream.REGISTRY || f == null) {
                continue;
            }
            Thread t =
                    new Thread(
                            () -> {
                                try (BufferedReader r = reader(f)) {
                                    long m = 0;
                                    for (String line = r.readLine();
                                            line != null;
                                            line = r.readLine()) {
                                        Long ts = Codec.peekTs(line);
                                        if (ts != null && ts > m) {
                                            m = ts;
                                        }
                                    }
                                    max.accumulateAndGet(m, Math::max);
                                } catch (IOException e) {
                                    synchronized (errors) {
                                        errors.add(e);
                                    }
                                }
                            },
                            "scan-" + s.label());
            t.start();
            scans.add(t);
        }
        for (Thread t : scans) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while scanning " + dir, e);
            }
        }
        if (!errors.isEmpty()) {
            throw errors.get(0);
        }
        return max.get();
    }

    static BufferedReader reader(Path f) throws IOException {
        InputStream in = Files.newInputStream(f);
        if (f.toString().endsWith(".gz")) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }
}
