package io.cityops.bench;

import io.cityops.job.JobConfig;
import io.cityops.job.replay.Replay;
import io.cityops.sim.SimOptions;
import io.cityops.sim.SimulationRun;
import io.cityops.sim.Simulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The replay target: one simulated day of 10,000 facilities, as {@code cityops replay} runs it
 * ({@link Replay#run} on a local Flink at the bench's parallelism), timed from start to the written
 * incidents file.
 */
final class ReplayRow {
    static final int FACILITIES = 10_000;
    static final int HOURS = 24;

    private ReplayRow() {}

    /**
     * @param day a replay folder of that day already written, or null to simulate one
     */
    static Row run(Setup s, Path day, Path tmp) throws Exception {
        if (day == null) {
            day = tmp.resolve("day");
            s.progress()
                    .say("  simulating %,d facilities over %d h into %s", FACILITIES, HOURS, day);
            SimulationRun run =
                    new Simulator(BusyDay.scenario(FACILITIES, HOURS), SimOptions.defaults()).run();
            run.writeTo(day);
        }
        long lines = 0;
        for (String f :
                new String[] {
                    "registry.ndjson", "street-orders.ndjson", "weather.ndjson", "sensors.ndjson"
                }) {
            lines += lines(day.resolve(f));
        }
        JobConfig config =
                JobConfig.fromArgs(
                        Map.of(JobConfig.PARALLELISM, Integer.toString(s.options().parallelism())),
                        Map.of());
        Meter.resetHeap();
        long cpu = Meter.cpuNanos();
        long started = System.nanoTime();
        Replay.Summary summary =
                Replay.run(
                        day,
                        tmp.resolve("replay-incidents.ndjson"),
                        config,
                        LocalFlink.env(s.options().parallelism()),
                        line -> s.progress().say("  replay %s", line));
        double wall = (System.nanoTime() - started) / 1e9;
        long cpuUsed = Meter.cpuNanos() - cpu;
        long[] heap = Meter.heapPeaks();
        return new Row(
                "replay-day",
                lines,
                wall,
                lines / wall,
                cpuUsed / 1e9 / lines * 1e6,
                heap[0],
                heap[1],
                String.format(
                        "cityops replay of %,d facilities x %d h: %d incidents, whole run timed",
                        FACILITIES, HOURS, summary.incidents()));
    }

    private static long lines(Path f) throws IOException {
        if (!Files.exists(f)) {
            return 0;
        }
        long n = 0;
        try (BufferedReader r = Files.newBufferedReader(f)) {
            while (r.readLine() != null) {
                n++;
            }
        }
        return n;
    }
}
