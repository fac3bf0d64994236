package io.cityops.bench;

import io.cityops.kafka.ContractTopics;
import io.cityops.kafka.LocalKafka;

import org.apache.kafka.clients.admin.NewTopic;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The contract's topics behind a prefix, stamped with the broker's append time: a producer's
 * RecordMetadata then carries when an input was appended, and a consumed incident when it was, on
 * the same clock (broker, job and bench share one JVM).
 */
final class BenchTopics {
    private BenchTopics() {}

    static void create(LocalKafka kafka, String prefix) throws Exception {
        create(kafka, prefix, LocalKafka.PARTITIONS);
    }

    static void create(LocalKafka kafka, String prefix, int partitions) throws Exception {
        List<NewTopic> topics = new ArrayList<>();
        for (NewTopic t : ContractTopics.topics(prefix, partitions, (short) 1)) {
            Map<String, String> configs = new HashMap<>();
            if (t.configs() != null) {
                configs.putAll(t.configs());
            }
            configs.put("message.timestamp.type", "LogAppendTime");
            topics.add(
                    new NewTopic(t.name(), t.numPartitions(), t.replicationFactor())
                            .configs(configs));
        }
        kafka.createTopics(topics);
    }
}
