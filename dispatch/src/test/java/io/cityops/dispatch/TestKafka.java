package io.cityops.dispatch;

import io.cityops.kafka.LocalKafka;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * One real in-process broker for all the console's tests in this JVM; each test class takes its own
 * topic prefix, so they never see each other's messages.
 */
final class TestKafka {
    private static LocalKafka kafka;

    private TestKafka() {}

    static synchronized LocalKafka get() throws Exception {
        if (kafka == null) {
            Path dir = Files.createTempDirectory("console-kafka");
            kafka = LocalKafka.start(dir, 0);
            Runtime.getRuntime().addShutdownHook(new Thread(kafka::close));
        }
        return kafka;
    }

    static String bootstrap() throws Exception {
        return get().bootstrap();
    }

    /** The contract's topics and the escalations topic, behind {@code prefix}. */
    static void topics(String prefix) throws Exception {
        get().createContractTopics(prefix);
        get().createTopics(
                        List.of(
                                new NewTopic(
                                        prefix + ConsoleConfig.ESCALATIONS_TOPIC, 1, (short) 1)));
    }

    static void publish(String topic, String key, String value) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    /** Every record of {@code topic} so far, from all its partitions. */
    static List<ConsumerRecord<String, String>> readAll(String topic) throws Exception {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> c =
                new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> parts =
                    c.partitionsFor(topic).stream()
                            .map(i -> new TopicPartition(topic, i.partition()))
                            .toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long until = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < until
                    && parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
