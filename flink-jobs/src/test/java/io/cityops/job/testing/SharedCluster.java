package io.cityops.job.testing;

import io.cityops.influx.LocalInflux;
import io.cityops.kafka.LocalKafka;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.util.TestStreamEnvironment;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One Flink MiniCluster and one Kafka broker for the whole test JVM: the CI machine has two cores,
 * and starting them once per class would cost more than the tests. Started on first use, stopped
 * when the JVM exits.
 */
public final class SharedCluster {
    public static final int SLOTS = 4;
    private static MiniCluster cluster;
    private static LocalKafka kafka;
    private static final InMemoryReporter METRICS = InMemoryReporter.create();

    private SharedCluster() {}

    public static synchronized MiniCluster flink() throws Exception {
        if (cluster == null) {
            Configuration conf = new Configuration();
            conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(128));
            conf.set(TaskManagerOptions.NETWORK_MEMORY_MIN, MemorySize.ofMebiBytes(64));
            conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.ofMebiBytes(64));
            conf.addAll(checkpointStorage());
            // Any free port for the REST endpoint: a demo or another build may hold 8081.
            conf.set(RestOptions.BIND_PORT, "0");
            METRICS.addToConfiguration(conf);
            cluster =
                    new MiniCluster(
                            new MiniClusterConfiguration.Builder()
                                    .setConfiguration(conf)
                                    .setNumTaskManagers(1)
                                    .setNumSlotsPerTaskManager(SLOTS)
                                    .build());
            cluster.start();
            MiniCluster c = cluster;
            Runtime.getRuntime()
                    .addShutdownHook(
                            new Thread(
                                    () -> {
                                        try {
                                            c.close();
                                        } catch (Exception ignored) {
                                            // the JVM is exiting
                                        }
                                    }));
        }
        return cluster;
    }

    /** The metrics of the shared MiniCluster's running jobs (the job's counters, by job id). */
    public static InMemoryReporter metrics() throws Exception {
        flink();
        return METRICS;
    }

    /** An environment that submits to the shared MiniCluster. */
    public static StreamExecutionEnvironment env(int parallelism) throws Exception {
        StreamExecutionEnvironment env = new TestStreamEnvironment(flink(), parallelism);
        env.configure(checkpointStorage());
        return env;
    }

    private static Configuration checkpointStorage;

    /**
     * Checkpoints on disk: a scenario's state passes the 5 MB that the JobManager's memory takes,
     * and a checkpoint that fails restarts the job.
     */
    private static synchronized Configuration checkpointStorage() {
        if (checkpointStorage == null) {
            try {
                Path dir = Files.createTempDirectory("cityops-test-checkpoints");
                checkpointStorage = new Configuration();
                checkpointStorage.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
                checkpointStorage.set(
                        CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir.toUri().toString());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return checkpointStorage;
    }

    private static LocalInflux influx;

    /**
     * A real {@code influxd} (Debian's influxdb package, which {@code ./cityops test} installs);
     * the test fails, not skips, where it is missing.
     */
    public static synchronized LocalInflux influx() throws Exception {
        if (influx == null) {
            Path dir = Files.createTempDirectory("cityops-test-influx");
            influx = LocalInflux.start(dir, 0);
            LocalInflux i = influx;
            Runtime.getRuntime().addShutdownHook(new Thread(i::close));
        }
        return influx;
    }

    public static synchronized LocalKafka kafka() throws Exception {
        if (kafka == null) {
            Path dir = Files.createTempDirectory("cityops-test-kafka");
            kafka = LocalKafka.start(dir, 0);
            LocalKafka k = kafka;
            Runtime.getRuntime().addShutdownHook(new Thread(k::close));
        }
        return kafka;
    }
}
