package io.cityops.job.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityops.events.Codec;
import io.cityops.events.Incident;
import io.cityops.events.Stream;
import io.cityops.kafka.LocalKafka;
import io.cityops.sim.TruthEntry;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Reads what a live job wrote to the incidents topic, once the job has caught up with its input.
 */
public final class KafkaIncidents {
    private KafkaIncidents() {}

    /**
     * The latest version of each incident, read until the job has committed offsets at the end of
     * every input topic, every truth entry has an incident, and nothing new has arrived for a
     * while.
     */
    public static Map<String, Incident> readUntilCaughtUp(
            LocalKafka kafka, String prefix, String groupId, List<TruthEntry> truth)
            throws Exception {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "scenario-test-" + prefix);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, Incident> latest = new HashMap<>();
        long deadline = System.currentTimeMillis() + 180_000;
        long quietSince = System.currentTimeMillis();
        try (var consumer =
                        new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
                var admin = kafka.admin()) {
            consumer.subscribe(List.of(prefix + Stream.INCIDENTS_TOPIC));
            boolean caughtUp = false;
            while (System.currentTimeMillis() < deadline) {
                var records = consumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    quietSince = System.currentTimeMillis();
                }
                for (var r : records) {
                    Incident i = Codec.decodeIncident(r.value()).value();
                    assertThat(i)
                            .as("incident JSON that the contract decodes: %s", r.value())
                            .isNotNull();
                    latest.merge(i.id(), i, (a, b) -> a.version() >= b.version() ? a : b);
                }
                if (!caughtUp) {
                    caughtUp = committedToTheEnd(admin, prefix, groupId);
                    if (caughtUp) {
                        quietSince = System.currentTimeMillis();
                    }
                    continue;
                }
                boolean allSeen =
                        truth.stream()
                                .allMatch(
                                        t ->
                                                latest.values().stream()
                                                        .anyMatch(
                                                                i ->
                                                                        i.rule().equals(t.rule())
                                                                                && i.subject()
                                                                                        .equals(
                                                                                                t
                                                                                                        .subject())));
                if (allSeen && System.currentTimeMillis() - quietSince > 6_000) {
                    break;
                }
            }
            assertThat(caughtUp).as("the job committed offsets at the end of its inputs").isTrue();
        }
        return latest;
    }

    /** Whether the job's consumer groups have committed the end offset of every input partition. */
    static boolean committedToTheEnd(Admin admin, String prefix, String groupId) throws Exception {
        for (Stream s :
                List.of(
                        Stream.SENSORS,
                        Stream.WEATHER,
                        Stream.STREET_ORDERS,
                        Stream.DISPATCH_ACTIONS)) {
            String topic = prefix + s.topic();
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(groupId + "-" + s.label())
                            .partitionsToOffsetAndMetadata()
                            .get();
            Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
            for (int i = 0; i < LocalKafka.PARTITIONS; i++) {
                ask.put(new TopicPartition(topic, i), OffsetSpec.latest());
            }
            var ends = admin.listOffsets(ask).all().get();
            for (var e : ends.entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                if (e.getValue().offset() > 0
                        && (c == null || c.offset() < e.getValue().offset())) {
                    return false;
                }
            }
        }
        return true;
    }
}
