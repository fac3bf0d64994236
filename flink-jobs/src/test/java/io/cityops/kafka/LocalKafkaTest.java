package io.cityops.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityops.events.Stream;
import io.cityops.job.testing.SharedCluster;

import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

class LocalKafkaTest {

    @Test
    void createsTheContractTopicsWithTheRegistryAndIncidentsCompacted() throws Exception {
        LocalKafka kafka = SharedCluster.kafka();
        kafka.createContractTopics("lk-");
        try (var admin = kafka.admin()) {
            Map<String, TopicDescription> topics =
                    admin.describeTopics(
                                    List.of(
                                            "lk-" + Stream.SENSORS.topic(),
                                            "lk-" + Stream.REGISTRY.topic()))
                            .allTopicNames()
                            .get();
            assertThat(topics.get("lk-" + Stream.SENSORS.topic()).partitions())
                    .hasSize(LocalKafka.PARTITIONS);
            var cfg =
                    admin.describeConfigs(
                                    List.of(
                                            new org.apache.kafka.common.config.ConfigResource(
                                                    org.apache.kafka.common.config.ConfigResource
                                                            .Type.TOPIC,
                                                    "lk-" + Stream.REGISTRY.topic())))
                            .all()
                            .get();
            assertThat(cfg.values().iterator().next().get("cleanup.policy").value())
                    .isEqualTo("compact");
        }
    }

    @Test
    void deliversWhatIsProducedToAConsumer() throws Exception {
        LocalKafka kafka = SharedCluster.kafka();
        kafka.createContractTopics("lk2-");
        String topic = "lk2-" + Stream.SENSORS.topic();
        try (var producer =
                new KafkaProducer<>(
                        Map.<String, Object>of(
                                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap()),
                        new StringSerializer(),
                        new StringSerializer())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)).get();
            }
        }
        List<String> got = new ArrayList<>();
        try (var consumer =
                new KafkaConsumer<>(
                        Map.<String, Object>of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap(),
                                ConsumerConfig.GROUP_ID_CONFIG, "lk-test",
                                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                        new StringDeserializer(),
                        new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long until = System.currentTimeMillis() + 30_000;
            while (got.size() < 10 && System.currentTimeMillis() < until) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> got.add(r.value()));
            }
        }
        assertThat(got).hasSize(10).contains("v0", "v9");
    }
}
