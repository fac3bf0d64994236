package io.cityops.job.source;

import io.cityops.job.rules.RuleSetMessage;
import io.cityops.job.rules.RuleSetRecord;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.charset.StandardCharsets;

/**
 * Passes the records of {@code city.rules} on undecoded, with their timestamp and offset: each
 * rules instance decodes and compiles the set itself and reports what it made of it, so a message
 * that is not even JSON is refused there, on {@code city.rules-status}, not here. Tombstones and
 * other keys than {@value RuleSetMessage#KEY} carry no set and are skipped.
 */
public final class RuleSetDecoder implements KafkaRecordDeserializationSchema<RuleSetRecord> {
    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RuleSetRecord> out) {
        if (record.value() == null
                || record.key() == null
                || !RuleSetMessage.KEY.equals(new String(record.key(), StandardCharsets.UTF_8))) {
            return;
        }
        out.collect(
                new RuleSetRecord(
                        new String(record.value(), StandardCharsets.UTF_8),
                        record.timestamp(),
                        record.offset()));
    }

    @Override
    public TypeInformation<RuleSetRecord> getProducedType() {
        return TypeInformation.of(RuleSetRecord.class);
    }
}
