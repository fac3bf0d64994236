package io.cityops.job.sink;

import io.cityops.events.Escalation;
import io.cityops.events.Stream;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;

/**
 * Incidents to the compacted {@code city.incidents} (key: id), dead letters to {@code
 * city.dead-letter}.
 */
public final class KafkaOutputs implements Outputs {
    private static final long serialVersionUID = 1L;
    private final String bootstrap;
    private final String topicPrefix;

    public KafkaOutputs(String bootstrap) {
        this(bootstrap, "");
    }

    /** The contract's topic names behind a prefix (tests share one broker between scenarios). */
    public KafkaOutputs(String bootstrap, String topicPrefix) {
        this.bootstrap = bootstrap;
        this.topicPrefix = topicPrefix;
    }

    @Override
    public void attach(Streams out) {
        DataStream<KeyedJson> incidents = out.incidents();
        DataStream<KeyedJson> deadLetters = out.deadLetters();
        out.escalations()
                .sinkTo(sink(topicPrefix + Escalation.TOPIC, true))
                .name("sink-escalations")
                .uid("sink-escalations");
        incidents
                .transform("city-clock", TypeInformation.of(KeyedJson.class), new CityClock())
                .setParallelism(1)
                .uid("city-clock")
                .sinkTo(sink(topicPrefix + CityClock.TOPIC, false))
                .setParallelism(1)
                .name("sink-city-clock")
                .uid("sink-city-clock");
        incidents
                .sinkTo(sink(topicPrefix + Stream.INCIDENTS_TOPIC, true))
                .name("sink-incidents")
                .uid("sink-incidents");
        deadLetters
                .sinkTo(sink(topicPrefix + Stream.DEAD_LETTER_TOPIC, false))
                .name("sink-dead-letter")
                .uid("sink-dead-letter");
    }

    private KafkaSink<KeyedJson> sink(String topic, boolean keyed) {
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
        return KafkaSink.<KeyedJson>builder()
                .setBootstrapServers(bootstrap)
                .setRecordSerializer(schema)
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
    }
}
