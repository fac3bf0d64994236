package io.cityops.cli;

import io.cityops.job.ClusterMain;
import io.cityops.job.JobConfig;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.util.List;
import java.util.Set;

/** {@code cityops run}: the monitor against Kafka, in whatever environment launched it. */
final class RunCommand {
    private RunCommand() {}

    static int run(List<String> args) throws Exception {
        Flags f =
                Flags.parse(
                        "run",
                        args,
                        Set.of(
                                JobConfig.KAFKA,
                                JobConfig.PARALLELISM,
                                JobConfig.OUT_OF_ORDERNESS,
                                JobConfig.IDLENESS,
                                JobConfig.REGISTRY_QUIET,
                                JobConfig.RULES,
                                JobConfig.CHECKPOINT_INTERVAL,
                                JobConfig.GROUP_ID,
                                JobConfig.CLOSED_RETENTION,
                                JobConfig.INFLUX,
                                JobConfig.INFLUX_DB,
                                JobConfig.TRANSACTIONAL_ID_PREFIX),
                        Set.of());
        f.require("run", JobConfig.KAFKA);
        JobConfig config = JobConfig.fromArgs(f.values, f.sets);
        // The same wiring as the job jar's main class, so `cityops run` and a cluster run one job.
        ClusterMain.execute(StreamExecutionEnvironment.getExecutionEnvironment(), config);
        return 0;
    }
}
