package io.cityops.job;

import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every setting of the monitor job, declared once with its default and checked by {@link
 * #validate()} so that a bad value stops start-up with one clear line.
 *
 * <p>Flags (all optional): {@code --kafka HOST:PORT}, {@code --parallelism N}, {@code
 * --out-of-orderness 30s}, {@code --idleness 60s}, {@code --registry-quiet 5s}, {@code --rules
 * DIR}, {@code --set NAME=VALUE} (a rule threshold, repeatable), {@code --checkpoint-interval 30s},
 * {@code --group-id ID}, {@code --closed-retention 7d}, {@code --influx URL} (turns the metrics
 * stage on, see docs/metrics.md), {@code --influx-db NAME}, {@code --transactional-id-prefix ID}
 * (the Kafka transactions of the job's exactly-once outputs; the group id by default).
 */
public record JobConfig(
        String kafka,
        int parallelism,
        Duration outOfOrderness,
        Duration idleness,
        Duration registryQuiet,
        Path rulesDir,
        Map<String, String> thresholds,
        Duration checkpointInterval,
        String groupId,
        Long endOfTime,
        Duration closedRetention,
        String influx,
        String influxDb,
        String transactionalIdPrefix)
        implements Serializable {

    public static final String KAFKA = "--kafka";
    public static final String PARALLELISM = "--parallelism";
    public static final String OUT_OF_ORDERNESS = "--out-of-orderness";
    public static final String IDLENESS = "--idleness";

    /**
     * No longer used by the job: the registry is read to the end offsets it has at the start
     * (KafkaInputs) rather than until it has been quiet for a while, which a slow first fetch or
     * back pressure could fake. Still accepted, so that scripts that pass it keep working.
     */
    public static final String REGISTRY_QUIET = "--registry-quiet";

    public static final String RULES = "--rules";
    public static final String SET = "--set";
    public static final String CHECKPOINT_INTERVAL = "--checkpoint-interval";
    public static final String GROUP_ID = "--group-id";
    public static final String CLOSED_RETENTION = "--closed-retention";
    public static final String INFLUX = "--influx";
    public static final String INFLUX_DB = "--influx-db";
    public static final String TRANSACTIONAL_ID_PREFIX = "--transactional-id-prefix";

    public static JobConfig defaults() {
        return new JobConfig(
                null,
                2,
                Duration.ofSeconds(30),
                Duration.ofSeconds(60),
                Duration.ofSeconds(5),
                null,
                Map.of(),
                Duration.ofSeconds(30),
                "cityops-monitor",
                null,
                Duration.ofDays(7),
                null,
                "cityops",
                null);
    }

    /** Reads the flags above from {@code args}; flags it does not know are left for the caller. */
    public static JobConfig fromArgs(Map<String, String> flags, Map<String, String> thresholds) {
        JobConfig d = defaults();
        JobConfig c =
                new JobConfig(
                        flags.getOrDefault(KAFKA, d.kafka),
                        flags.containsKey(PARALLELISM)
                                ? parseInt(PARALLELISM, flags.get(PARALLELISM))
                                : d.parallelism,
                        duration(flags, OUT_OF_ORDERNESS, d.outOfOrderness),
                        duration(flags, IDLENESS, d.idleness),
                        duration(flags, REGISTRY_QUIET, d.registryQuiet),
                        flags.containsKey(RULES) ? Path.of(flags.get(RULES)) : null,
                        Map.copyOf(thresholds),
                        duration(flags, CHECKPOINT_INTERVAL, d.checkpointInterval),
                        flags.getOrDefault(GROUP_ID, d.groupId),
                        null,
                        duration(flags, CLOSED_RETENTION, d.closedRetention),
                        flags.getOrDefault(INFLUX, d.influx),
                        flags.getOrDefault(INFLUX_DB, d.influxDb),
                        flags.getOrDefault(TRANSACTIONAL_ID_PREFIX, d.transactionalIdPrefix));
        c.validate();
        return c;
    }

    public JobConfig withParallelism(int p) {
        Copy c = new Copy(this);
        c.parallelism = p;
        return c.build();
    }

    public JobConfig withKafka(String bootstrap) {
        Copy c = new Copy(this);
        c.kafka = bootstrap;
        return c.build();
    }

    public JobConfig withRules(Path dir, Map<String, String> overrides) {
        Copy c = new Copy(this);
        c.rulesDir = dir;
        c.thresholds = Map.copyOf(new LinkedHashMap<>(overrides));
        return c.build();
    }

    /** A bounded run: time stops at {@code end} (the largest ts of the input). */
    public JobConfig withEndOfTime(long end) {
        Copy c = new Copy(this);
        c.endOfTime = end;
        return c.build();
    }

    public JobConfig withOutOfOrderness(Duration d) {
        Copy c = new Copy(this);
        c.outOfOrderness = d;
        return c.build();
    }

    public JobConfig withIdleness(Duration d) {
        Copy c = new Copy(this);
        c.idleness = d;
        return c.build();
    }

    public JobConfig withRegistryQuiet(Duration d) {
        Copy c = new Copy(this);
        c.registryQuiet = d;
        return c.build();
    }

    /** Metrics to InfluxDB at {@code url} (null: none), database {@code db}. */
    public JobConfig withInflux(String url, String db) {
        Copy c = new Copy(this);
        c.influx = url;
        c.influxDb = db;
        return c.build();
    }

    /**
     * How often the job checkpoints. With exactly-once outputs this is also how long a consumer
     * reading committed data waits, at most, for an incident.
     */
    public JobConfig withCheckpointInterval(Duration d) {
        Copy c = new Copy(this);
        c.checkpointInterval = d;
        return c.build();
    }

    /** The group id, and so the default transactional id prefix (one job, one name). */
    public JobConfig withGroupId(String id) {
        Copy c = new Copy(this);
        c.groupId = id;
        return c.build();
    }

    /**
     * The prefix of the Kafka transactional ids of the job's exactly-once outputs: the setting, or
     * the group id. It names the job to the broker: two jobs with the same prefix fence each
     * other's transactions, and a restarted job aborts what its predecessor left open.
     */
    public String transactionalIds() {
        return transactionalIdPrefix != null ? transactionalIdPrefix : groupId;
    }

    public boolean bounded() {
        return endOfTime != null;
    }

    /** Event time never passes this: the end of a bounded run, else unbounded. */
    public long timeLimit() {
        return endOfTime == null ? Long.MAX_VALUE : endOfTime;
    }

    public void validate() {
        if (parallelism < 1 || parallelism > 1024) {
            throw new IllegalArgumentException(
                    PARALLELISM + " must be between 1 and 1024, got " + parallelism);
        }
        if (outOfOrderness.isNegative()) {
            throw new IllegalArgumentException(
                    OUT_OF_ORDERNESS + " must not be negative, got " + outOfOrderness);
        }
        if (idleness.isNegative()) {
            throw new IllegalArgumentException(
                    IDLENESS + " must not be negative (0 turns it off), got " + idleness);
        }
        if (kafka != null && !kafka.matches("[^\\s:]+:\\d+(,[^\\s:]+:\\d+)*")) {
            throw new IllegalArgumentException(
                    KAFKA + " must be HOST:PORT[,HOST:PORT...], got '" + kafka + "'");
        }
        if (influx != null && !influx.matches("https?://[^\\s/]+(/\\S*)?")) {
            throw new IllegalArgumentException(
                    INFLUX
                            + " must be an http:// or https:// URL of InfluxDB's API, got '"
                            + influx
                            + "'");
        }
        if (influxDb == null || !influxDb.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException(
                    INFLUX_DB
                            + " must be a database name (letters, digits, _ . -), got '"
                            + influxDb
                            + "'");
        }
        if (transactionalIdPrefix != null && !transactionalIdPrefix.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException(
                    TRANSACTIONAL_ID_PREFIX
                            + " must be letters, digits, _ . or -, got '"
                            + transactionalIdPrefix
                            + "'");
        }
        if (rulesDir != null && !rulesDir.toFile().isDirectory()) {
            throw new IllegalArgumentException(
                    RULES + " must be a folder of .epl files, got '" + rulesDir + "'");
        }
    }

    private static int parseInt(String flag, String v) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " takes a whole number, got '" + v + "'");
        }
    }

    private static Duration duration(Map<String, String> flags, String flag, Duration dflt) {
        String v = flags.get(flag);
        return v == null ? dflt : parseDuration(flag, v);
    }

    /** {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 7d}. */
    public static Duration parseDuration(String flag, String v) {
        var m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h|d)").matcher(v.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    flag + " takes a duration such as 500ms, 30s, 5m, 2h or 7d, got '" + v + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /** A config being changed: a with-method sets what differs and builds. */
    private static final class Copy {
        String kafka;
        int parallelism;
        Duration outOfOrderness;
        Duration idleness;
        Duration registryQuiet;
        Path rulesDir;
        Map<String, String> thresholds;
        Duration checkpointInterval;
        String groupId;
        Long endOfTime;
        Duration closedRetention;
        String influx;
        String influxDb;
        String transactionalIdPrefix;

        Copy(JobConfig from) {
            kafka = from.kafka;
            parallelism = from.parallelism;
            outOfOrderness = from.outOfOrderness;
            idleness = from.idleness;
            registryQuiet = from.registryQuiet;
            rulesDir = from.rulesDir;
            thresholds = from.thresholds;
            checkpointInterval = from.checkpointInterval;
            groupId = from.groupId;
            endOfTime = from.endOfTime;
            closedRetention = from.closedRetention;
            influx = from.influx;
            influxDb = from.influxDb;
            transactionalIdPrefix = from.transactionalIdPrefix;
        }

        JobConfig build() {
            return new JobConfig(
                    kafka,
                    parallelism,
                    outOfOrderness,
                    idleness,
                    registryQuiet,
                    rulesDir,
                    thresholds,
                    checkpointInterval,
                    groupId,
                    endOfTime,
                    closedRetention,
                    influx,
                    influxDb,
                    transactionalIdPrefix);
        }
    }
}
