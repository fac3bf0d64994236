package io.cityops.job.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityops.events.Stream;
import io.cityops.job.CityEvent;

import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

class KafkaDecoderTest {
    private static final String READING =
            "{\"sensor\":\"WL-310101-0007\",\"ts\":1784592000000,\"metric\":\"depth_cm\","
                    + "\"value\":17.5}";

    @Test
    void anEventArrivesWhenTheBrokerAppendedIt() {
        List<CityEvent> out = decode(record(READING, 1_800_000_000_123L));
        assertThat(out).hasSize(1);
        assertThat(out.get(0).kind).isEqualTo(CityEvent.READING);
        assertThat(out.get(0).arrivedAt).isEqualTo(1_800_000_000_123L);
    }

    @Test
    void rejectedInputArrivesToo() {
        List<CityEvent> out = decode(record("not json", 1_800_000_000_456L));
        assertThat(out).hasSize(1);
        assertThat(out.get(0).kind).isEqualTo(CityEvent.REJECTED);
        assertThat(out.get(0).arrivedAt).isEqualTo(1_800_000_000_456L);
    }

    private static List<CityEvent> decode(ConsumerRecord<byte[], byte[]> r) {
        List<CityEvent> out = new ArrayList<>();
        new KafkaDecoder(Stream.SENSORS, 30_000)
                .deserialize(
                        r,
                        new Collector<>() {
                            @Override
                            public void collect(CityEvent e) {
                                out.add(e);
                            }

                            @Override
                            public void close() {}
                        });
        return out;
    }

    private static ConsumerRecord<byte[], byte[]> record(String value, long appendedAt) {
        return new ConsumerRecord<>(
                "city.sensors",
                0,
                42L,
                appendedAt,
                TimestampType.LOG_APPEND_TIME,
                -1,
                value.length(),
                null,
                value.getBytes(StandardCharsets.UTF_8),
                new RecordHeaders(),
                Optional.empty());
    }
}
