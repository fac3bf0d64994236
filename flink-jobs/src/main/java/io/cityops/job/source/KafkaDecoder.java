package io.cityops.job.source;

import io.cityops.events.Stream;
import io.cityops.job.CityEvent;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Decodes the records of one topic. Each partition is a lane with its own {@link LaneClock}. A
 * tombstone (null value, as a compacted registry may hold) carries nothing and is skipped.
 */
public final class KafkaDecoder implements KafkaRecordDeserializationSchema<CityEvent> {
    private static final long serialVersionUID = 1L;
    private final Stream stream;
    private final long boundMs;
    private transient Map<Integer, LaneClock> lanes;

    public KafkaDecoder(Stream stream, long boundMs) {
        this.stream = stream;
        this.boundMs = boundMs;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<CityEvent> out) {
        if (record.value() == null) {
            return;
        }
        if (lanes == null) {
            lanes = new HashMap<>();
        }
        String raw = new String(record.value(), StandardCharsets.UTF_8);
        LaneClock clock = lanes.computeIfAbsent(record.partition(), p -> new LaneClock(boundMs));
        CityEvent e = clock.admit(Decoding.decode(stream, raw), stream.label(), raw);
        e.arrivedAt = record.timestamp() > 0 ? record.timestamp() : System.currentTimeMillis();
        out.collect(e);
    }

    @Override
    public TypeInformation<CityEvent> getProducedType() {
        return TypeInformation.of(CityEvent.class);
    }
}
