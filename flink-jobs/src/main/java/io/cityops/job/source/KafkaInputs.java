package io.cityops.job.source;

import io.cityops.events.Stream;
import io.cityops.job.CityEvent;
import io.cityops.job.JobConfig;
import io.cityops.job.rules.RuleSetMessage;
import io.cityops.job.rules.RuleSetRecord;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The contract's topics. Event streams resume from the group's committed offsets (earliest the
 * first time); the registry is always read from the start, as a compacted topic is meant to be.
 *
 * <p>The registry is two sources: a bounded read of the compacted topic up to the end offsets it
 * has when the job starts, which holds the city's time back until it is done (so no reading is
 * judged against a registry half read, however slowly the broker or a busy job delivers it), and a
 * live read of what comes after, which never holds time back. The live read starts a minute before
 * the job did: an entry in both is applied twice, which changes nothing, and none falls between.
 *
 * <p>{@code city.rules} is read from the start (its latest message is the set meant to be in force;
 * after a restore, from the checkpointed offset) by one reader, without event time.
 *
 * <p>Unbounded, as a live monitor reads; bounded (each partition up to its end offset when the job
 * starts) for {@code cityops bench}, which measures the job over data loaded beforehand.
 */
public final class KafkaInputs implements Inputs {
    private static final long serialVersionUID = 1L;

    /** How far before the job's start the live registry read begins. */
    static final long LIVE_OVERLAP_MS = 60_000;

    private final String topicPrefix;
    private final boolean bounded;

    /** The contract's topics. */
    public KafkaInputs() {
        this("");
    }

    /** The contract's topic names behind a prefix (tests share one broker between scenarios). */
    public KafkaInputs(String topicPrefix) {
        this(topicPrefix, false);
    }

    /**
     * @param bounded read each partition only up to the end offset it has when the job starts
     */
    public KafkaInputs(String topicPrefix, boolean bounded) {
        this.topicPrefix = topicPrefix;
        this.bounded = bounded;
    }

    @Override
    public DataStream<CityEvent> open(
            StreamExecutionEnvironment env, Stream stream, JobConfig config) {
        if (config.kafka() == null) {
            throw new IllegalArgumentException(
                    JobConfig.KAFKA + " HOST:PORT is needed to read Kafka");
        }
        var builder =
                KafkaSource.<CityEvent>builder()
                        .setBootstrapServers(config.kafka())
                        .setTopics(topicPrefix + stream.topic())
                        .setGroupId(config.groupId() + "-" + stream.label())
                        .setStartingOffsets(
                                stream == Stream.REGISTRY
                                        ? OffsetsInitializer.earliest()
                                        : OffsetsInitializer.committedOffsets(
                                                OffsetResetStrategy.EARLIEST))
                        .setDeserializer(
                                new KafkaDecoder(stream, config.outOfOrderness().toMillis()));
        if (bounded || stream == Stream.REGISTRY) {
            builder.setBounded(OffsetsInitializer.latest());
        } else {
            builder.setProperty("partition.discovery.interval.ms", "60000");
        }
        if (stream == Stream.REGISTRY) {
            DataStream<CityEvent> snapshot =
                    env.fromSource(
                                    builder.build(),
                                    CityWatermarks.registrySnapshot(),
                                    Inputs.sourceId(stream))
                            .uid(Inputs.sourceId(stream));
            return bounded ? snapshot : snapshot.union(live(env, config));
        }
        return env.fromSource(
                        builder.build(),
                        CityWatermarks.events(config.outOfOrderness(), idleness(stream, config)),
                        Inputs.sourceId(stream))
                .uid(Inputs.sourceId(stream));
    }

    /** Registry entries from a minute before the job started on (see the class comment). */
    private DataStream<CityEvent> live(StreamExecutionEnvironment env, JobConfig config) {
        String id = Inputs.sourceId(Stream.REGISTRY) + "-live";
        KafkaSource<CityEvent> source =
                KafkaSource.<CityEvent>builder()
                        .setBootstrapServers(config.kafka())
                        .setTopics(topicPrefix + Stream.REGISTRY.topic())
                        .setGroupId(config.groupId() + "-" + Stream.REGISTRY.label() + "-live")
                        .setStartingOffsets(
                                OffsetsInitializer.timestamp(
                                        System.currentTimeMillis() - LIVE_OVERLAP_MS))
                        .setProperty("partition.discovery.interval.ms", "60000")
                        .setDeserializer(
                                new KafkaDecoder(
                                        Stream.REGISTRY, config.outOfOrderness().toMillis()))
                        .build();
        return env.fromSource(source, CityWatermarks.registryLive(), id).uid(id);
    }

    @Override
    public DataStream<RuleSetRecord> rules(StreamExecutionEnvironment env, JobConfig config) {
        var builder =
                KafkaSource.<RuleSetRecord>builder()
                        .setBootstrapServers(config.kafka())
                        .setTopics(topicPrefix + RuleSetMessage.TOPIC)
                        .setGroupId(config.groupId() + "-rules")
                        .setStartingOffsets(OffsetsInitializer.earliest())
                        .setDeserializer(new RuleSetDecoder());
        if (bounded) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return env.fromSource(
                        builder.build(), WatermarkStrategy.noWatermarks(), Inputs.RULES_SOURCE)
                .setParallelism(1)
                .uid(Inputs.RULES_SOURCE);
    }

    /**
     * Dispatch actions are sparse: a partition that just carried one must not hold the city's time
     * back for long, so it turns idle after a second; other streams after {@code --idleness}.
     */
    static java.time.Duration idleness(Stream stream, JobConfig config) {
        java.time.Duration second = java.time.Duration.ofSeconds(1);
        return stream == Stream.DISPATCH_ACTIONS
                        && !config.idleness().isZero()
                        && config.idleness().compareTo(second) > 0
                ? second
                : config.idleness();
    }
}
