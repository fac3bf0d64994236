package io.cityops.cli;

import io.cityops.job.CityOpsJob;
import io.cityops.job.JobConfig;
import io.cityops.job.sink.KafkaOutputs;
import io.cityops.job.source.KafkaInputs;

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
                                JobConfig.GROUP_ID),
                        Set.of());
        f.require("run", JobConfig.KAFKA);
        JobConfig config = JobConfig.fromArgs(f.values, f.sets);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(config.checkpointInterval().toMillis());
        new CityOpsJob(config, new KafkaInputs(), new KafkaOutputs(config.kafka()))
                .execute(env, "cityops monitor");
        return 0;
    }
}
