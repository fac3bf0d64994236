package io.cityops.bench;

import io.cityops.events.Codec;
import io.cityops.events.Incident;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Consumer;

/** Reads an incidents topic: each record as it comes, or the latest version of each incident. */
final class IncidentsTopic {
    private IncidentsTopic() {}

    static KafkaConsumer<String, String> consumer(String bootstrap, String topic) {
        return consumer(bootstrap, topic, false);
    }

    /**
     * @param committed read only committed records, as the console does (records of a transactional
     *     sink become visible when their checkpoint completes)
     */
    static KafkaConsumer<String, String> consumer(
            String bootstrap, String topic, boolean committed) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                committed ? "read_committed" : "read_uncommitted");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        KafkaConsumer<String, String> c = new KafkaConsumer<>(p);
        List<TopicPartition> parts =
                c.partitionsFor(topic).stream()
                        .map(i -> new TopicPartition(topic, i.partition()))
                        .toList();
        c.assign(parts);
        c.seekToBeginning(parts);
        return c;
    }

    /** Every record up to the topic's end as it is now. */
    static void readAll(
            String bootstrap, String topic, Consumer<ConsumerRecord<String, String>> each) {
        try (KafkaConsumer<String, String> c = consumer(bootstrap, topic)) {
            Map<TopicPartition, Long> end = c.endOffsets(c.assignment());
            while (end.entrySet().stream().anyMatch(e -> c.position(e.getKey()) < e.getValue())) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                    each.accept(r);
                }
            }
        }
    }

    /** The latest version of every incident, by id. */
    static Map<String, Incident> latest(String bootstrap, String topic) {
        Map<String, Incident> latest = new TreeMap<>();
        readAll(
                bootstrap,
                topic,
                r -> {
                    Incident i = Codec.decodeIncident(r.value()).value();
                    if (i != null) {
                        latest.merge(i.id(), i, (a, b) -> a.version() >= b.version() ? a : b);
                    }
                });
        return latest;
    }
}
