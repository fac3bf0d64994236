package io.cityops.bench;

import io.cityops.job.JobConfig;
import io.cityops.sim.SimulationRun;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** What every row shares: the options, the broker, and the city loaded into it. */
record Setup(
        BenchOptions options,
        String bootstrap,
        String prefix,
        SimulationRun run,
        CityData.Loaded loaded,
        Progress progress) {

    /**
     * The job's settings for a row: a fresh consumer group (so a row reads from the start), and for
     * a bounded row no idleness and time ending at the last event, as a replay has.
     */
    JobConfig config(String row, boolean bounded) {
        Map<String, String> flags = new HashMap<>();
        flags.put(JobConfig.KAFKA, bootstrap);
        flags.put(JobConfig.PARALLELISM, Integer.toString(options.parallelism()));
        flags.put(JobConfig.GROUP_ID, "bench-" + row + "-" + UUID.randomUUID());
        if (bounded) {
            flags.put(JobConfig.IDLENESS, "0s");
        }
        JobConfig c = JobConfig.fromArgs(flags, Map.of());
        return bounded ? c.withEndOfTime(loaded.lastTs()) : c;
    }
}
