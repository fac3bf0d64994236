package io.cityops.job;

import io.cityops.job.sink.KafkaOutputs;
import io.cityops.job.source.KafkaInputs;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The entry point of the job jar ({@code flink-jobs-VERSION-job.jar}) that a Flink cluster runs:
 * the production wiring, Kafka in and Kafka out, and nothing else.
 *
 * <p>Flags: {@code --kafka HOST:PORT} (required), and optionally {@code --parallelism N}, {@code
 * --out-of-orderness 30s}, {@code --idleness 60s}, {@code --rules DIR}, {@code --set NAME=VALUE}
 * (repeatable), {@code --checkpoint-interval 30s}, {@code --group-id ID}, {@code --closed-retention
 * 7d}, {@code --transactional-id-prefix ID}; see {@link JobConfig}. Without {@code --parallelism}
 * the job takes the cluster's (its {@code parallelism.default}, or the {@code -p} of the
 * submission), so an operator scales it where the cluster is configured.
 */
public final class ClusterMain {
    /** Every flag {@link JobConfig} declares (its {@code --name} constants), so none is missed. */
    static final Set<String> FLAGS = jobConfigFlags();

    private ClusterMain() {}

    public static void main(String[] args) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobConfig config = config(List.of(args), env.getParallelism());
        execute(env, config);
    }

    /** Runs the monitor against Kafka on {@code env}; what a cluster runs and `cityops run` too. */
    public static void execute(StreamExecutionEnvironment env, JobConfig config) throws Exception {
        if (config.kafka() == null) {
            throw new IllegalArgumentException(JobConfig.KAFKA + " HOST:PORT is required");
        }
        env.enableCheckpointing(config.checkpointInterval().toMillis());
        new CityOpsJob(
                        config,
                        new KafkaInputs(),
                        new KafkaOutputs(config.kafka(), "", config.transactionalIds()))
                .execute(env, "cityops monitor");
    }

    private static Set<String> jobConfigFlags() {
        Set<String> flags = new TreeSet<>();
        for (Field f : JobConfig.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                try {
                    String v = (String) f.get(null);
                    if (v.startsWith("--") && !v.equals(JobConfig.SET)) {
                        flags.add(v);
                    }
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return Set.copyOf(flags);
    }

    /**
     * The job's settings from {@code --name value} flags; {@code clusterParallelism} applies when
     * {@code --parallelism} is not given.
     */
    static JobConfig config(List<String> args, int clusterParallelism) {
        Map<String, String> flags = new LinkedHashMap<>();
        Map<String, String> thresholds = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            if (!FLAGS.contains(flag) && !flag.equals(JobConfig.SET)) {
                throw new IllegalArgumentException(
                        "unknown flag '"
                                + flag
                                + "'; the job takes "
                                + String.join(" ", new TreeSet<>(FLAGS))
                                + " "
                                + JobConfig.SET);
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String value = args.get(++i);
            if (flag.equals(JobConfig.SET)) {
                int eq = value.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException(
                            JobConfig.SET + " takes NAME=VALUE, got '" + value + "'");
                }
                thresholds.put(value.substring(0, eq), value.substring(eq + 1));
            } else {
                flags.put(flag, value);
            }
        }
        if (!flags.containsKey(JobConfig.PARALLELISM) && clusterParallelism > 0) {
            flags.put(JobConfig.PARALLELISM, String.valueOf(clusterParallelism));
        }
        return JobConfig.fromArgs(flags, thresholds);
    }
}
