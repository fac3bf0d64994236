package io.cityops.job.recovery;

import io.cityops.job.CityOpsJob;
import io.cityops.job.JobConfig;
import io.cityops.job.sink.KafkaOutputs;
import io.cityops.job.source.Inputs;
import io.cityops.job.source.KafkaInputs;
import io.cityops.job.testing.CommittedOutputs;
import io.cityops.job.testing.SharedCluster;
import io.cityops.kafka.LocalKafka;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.time.Duration;
import java.util.List;

/**
 * The job as the restart tests run it: live against Kafka on the shared MiniCluster, exactly once,
 * checkpointing every 500 ms, restarting after a failure from its latest checkpoint.
 */
final class LiveRun {
    static final long CHECKPOINT_MS = 500;

    /** How long the sensor stream takes a reading: the city's day in about ten seconds. */
    static final long NANOS_PER_READING = 1_000_000;

    private LiveRun() {}

    /**
     * A partition that gets nothing for this long stops holding time back. Short, so that after a
     * restore the partitions with nothing new hold the job back only briefly.
     */
    static final Duration IDLENESS = Duration.ofSeconds(3);

    static JobConfig config(LocalKafka kafka, String name, int parallelism, Duration idleness) {
        return JobConfig.defaults()
                .withKafka(kafka.bootstrap())
                .withParallelism(parallelism)
                .withIdleness(idleness)
                .withRegistryQuiet(Duration.ofSeconds(2))
                .withGroupId("recovery-" + name);
    }

    /**
     * Starts the job on topics behind {@code name + "-"}; with a fault plan, from a savepoint when
     * one is given.
     */
    static JobClient start(
            LocalKafka kafka,
            String name,
            int parallelism,
            List<Faults.Fault> plan,
            String savepoint)
            throws Exception {
        return start(kafka, name, parallelism, plan, savepoint, IDLENESS);
    }

    static JobClient start(
            LocalKafka kafka,
            String name,
            int parallelism,
            List<Faults.Fault> plan,
            String savepoint,
            Duration idleness)
            throws Exception {
        String prefix = name + "-";
        JobConfig config = config(kafka, name, parallelism, idleness);
        StreamExecutionEnvironment env = SharedCluster.env(parallelism);
        env.enableCheckpointing(CHECKPOINT_MS);
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 60);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(500));
        if (savepoint != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        }
        env.configure(conf);
        Inputs inputs = new Faults(new KafkaInputs(prefix), name, NANOS_PER_READING, plan);
        new CityOpsJob(
                        config,
                        inputs,
                        new KafkaOutputs(kafka.bootstrap(), prefix, config.transactionalIds()))
                .build(env);
        return env.executeAsync("recovery " + name);
    }

    /** What the job committed once it has caught up with its input and been quiet for 5 s. */
    static CommittedOutputs read(LocalKafka kafka, String name) throws Exception {
        return CommittedOutputs.readUntilCaughtUp(
                kafka,
                name + "-",
                config(kafka, name, 1, IDLENESS).groupId(),
                Duration.ofSeconds(5),
                Duration.ofMinutes(4));
    }

    /** Waits until the job has read and checkpointed all its input so far. */
    static void awaitCaughtUp(LocalKafka kafka, String name) throws Exception {
        CommittedOutputs.readUntilCaughtUp(
                kafka,
                name + "-",
                config(kafka, name, 1, IDLENESS).groupId(),
                Duration.ofSeconds(1),
                Duration.ofMinutes(4));
    }

    /**
     * What the job committed once it has reached the city time the run that never failed ended at
     * (its clock says so), and has been quiet for two checkpoints more.
     */
    static CommittedOutputs readToTheEnd(LocalKafka kafka, String name) throws Exception {
        return CommittedOutputs.readUntilCaughtUp(
                kafka,
                name + "-",
                config(kafka, name, 1, IDLENESS).groupId(),
                Reference.outputs().watermark(),
                Duration.ofMillis(4 * CHECKPOINT_MS),
                Duration.ofMinutes(4));
    }

    /** The whole city, published and run to the end with {@code plan}. */
    static CommittedOutputs runThrough(
            LocalKafka kafka, String name, int parallelism, List<Faults.Fault> plan)
            throws Exception {
        FailoverCity.publishAll(kafka, name + "-");
        JobClient job = start(kafka, name, parallelism, plan, null);
        try {
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (!Faults.allFired(name, plan.size()) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            return plan.isEmpty() ? read(kafka, name) : readToTheEnd(kafka, name);
        } finally {
            job.cancel().get();
        }
    }
}
