package io.cityops.job.sink;

import io.cityops.events.Escalation;
import io.cityops.events.Stream;
import io.cityops.job.rules.RuleSetMessage;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;

/**
 * Incidents to the compacted {@code city.incidents} (key: id), dead letters to {@code
 * city.dead-letter}, escalations to {@code city.escalations}: exactly once, in Kafka transactions
 * that commit when a checkpoint completes, so a consumer reading committed data ({@code
 * isolation.level=read_committed}) sees each incident version once, after a restart too. The price
 * is latency: an incident becomes visible at the checkpoint after it, so the job needs
 * checkpointing on and its interval is the longest wait. The city clock ({@code city.clock}) is a
 * live hint for the console, sent at least once and at once. What the rules stage made of each
 * deployed rule set goes to {@code city.rules-status} (key: version) exactly once as well, so a
 * status is visible at the checkpoint after it, and a restore does not repeat it.
 */
public final class KafkaOutputs implements Outputs {
    private static final long serialVersionUID = 1L;

    /**
     * How long a transaction may stay open: above the checkpoint interval plus a restart, within
     * the 15 min that a broker allows by default ({@code transaction.max.timeout.ms}). The
     * connector's own default, 1 h, is refused by such a broker.
     */
    static final java.time.Duration TRANSACTION_TIMEOUT = java.time.Duration.ofMinutes(15);

    private final String bootstrap;
    private final String topicPrefix;
    private final String transactionalIds;

    public KafkaOutputs(String bootstrap) {
        this(bootstrap, "");
    }

    /** The contract's topic names behind a prefix (tests share one broker between scenarios). */
    public KafkaOutputs(String bootstrap, String topicPrefix) {
        this(bootstrap, topicPrefix, io.cityops.job.JobConfig.defaults().transactionalIds());
    }

    /**
     * @param transactionalIds the job's transactional id prefix ({@code
     *     JobConfig#transactionalIds()}); each topic's sink adds the topic's name to it
     */
    public KafkaOutputs(String bootstrap, String topicPrefix, String transactionalIds) {
        this.bootstrap = bootstrap;
        this.topicPrefix = topicPrefix;
        this.transactionalIds = transactionalIds;
    }

    @Override
    public void attach(Streams out) {
        DataStream<KeyedJson> incidents = out.incidents();
        DataStream<KeyedJson> deadLetters = out.deadLetters();
        out.escalations()
                .sinkTo(sink(topicPrefix + Escalation.TOPIC, true, true))
                .name("sink-escalations")
                .uid("sink-escalations");
        incidents
                .transform("city-clock", TypeInformation.of(KeyedJson.class), new CityClock())
                .setParallelism(1)
                .uid("city-clock")
                .sinkTo(sink(topicPrefix + CityClock.TOPIC, false, false))
                .setParallelism(1)
                .name("sink-city-clock")
                .uid("sink-city-clock");
        if (out.ruleStatus() != null) {
            out.ruleStatus()
                    .sinkTo(sink(topicPrefix + RuleSetMessage.STATUS_TOPIC, true, true))
                    .name("sink-rules-status")
                    .uid("sink-rules-status");
        }
        incidents
                .sinkTo(sink(topicPrefix + Stream.INCIDENTS_TOPIC, true, true))
                .name("sink-incidents")
                .uid("sink-incidents");
        deadLetters
                .sinkTo(sink(topicPrefix + Stream.DEAD_LETTER_TOPIC, false, true))
                .name("sink-dead-letter")
                .uid("sink-dead-letter");
    }

    private KafkaSink<KeyedJson> sink(String topic, boolean keyed, boolean exactlyOnce) {
        KafkaRecordSerializationSchema<KeyedJson> schema =
                (KeyedJson m, KafkaRecordSerializationSchema.KafkaSinkContext ctx, Long ts) ->
                        new ProducerRecord<>(
                                topic,
                                null,
                                // Append time, not event time: a broker refuses timestamps too far
                                // ahead of its clock, and a sensor's wrong clock must not stop the
                                // job. The event time is in the message itself.
                                null,
                                keyed ? m.key.getBytes(StandardCharsets.UTF_8) : null,
                                m.json.getBytes(StandardCharsets.UTF_8));
        var builder =
                KafkaSink.<KeyedJson>builder()
                        .setBootstrapServers(bootstrap)
                        .setRecordSerializer(schema);
        if (!exactlyOnce) {
            return builder.setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE).build();
        }
        return builder.setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                // One prefix per job and topic: the broker fences a second writer of the same ids.
                .setTransactionalIdPrefix(transactionalIds + "." + topic)
                .setProperty(
                        "transaction.timeout.ms", String.valueOf(TRANSACTION_TIMEOUT.toMillis()))
                .build();
    }
}
