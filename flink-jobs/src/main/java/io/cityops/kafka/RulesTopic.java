package io.cityops.kafka;

import io.cityops.job.JsonTree;
import io.cityops.job.rules.RuleLoadException;
import io.cityops.job.rules.RuleSet;
import io.cityops.job.rules.RuleSetMessage;
import io.cityops.job.rules.RuleSetStatus;
import io.cityops.job.sink.CityClock;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code cityops rules deploy}: a rules folder, compiled here first, published as one {@link
 * RuleSetMessage} to {@code city.rules}. A set that does not compile is never published.
 */
public final class RulesTopic {
    private RulesTopic() {}

    /** What was published: the set (compiled) and where the message went. */
    public record Deployed(RuleSetMessage message, RuleSet rules, int partition, long offset) {}

    /**
     * Compiles the folder's rules and publishes them.
     *
     * @throws RuleLoadException naming the file and line of the first error; nothing is published
     */
    public static Deployed deploy(
            Path dir,
            String version,
            Long effectiveAt,
            String bootstrap,
            String topicPrefix,
            String by)
            throws Exception {
        RuleSetMessage message =
                RuleSetMessage.fromFolder(
                        dir, version, by, effectiveAt, System.currentTimeMillis());
        RuleSet rules = message.toRuleSet();
        RecordMetadata meta = publish(message, bootstrap, topicPrefix);
        return new Deployed(message, rules, meta.partition(), meta.offset());
    }

    public static RecordMetadata publish(
            RuleSetMessage message, String bootstrap, String topicPrefix) throws Exception {
        Map<String, Object> config =
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                        ProducerConfig.ACKS_CONFIG, "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                        ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000",
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000",
                        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "30000");
        try (var producer =
                new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            return producer.send(
                            new ProducerRecord<>(
                                    topicPrefix + RuleSetMessage.TOPIC,
                                    RuleSetMessage.KEY,
                                    message.encode()))
                    .get(60, TimeUnit.SECONDS);
        }
    }

    /** The newest rule set on the topic, or null when it holds none. */
    public static RuleSetMessage latest(String bootstrap, String topicPrefix) throws Exception {
        String[] last = new String[1];
        readToEnd(
                bootstrap,
                topicPrefix + RuleSetMessage.TOPIC,
                (key, value) -> {
                    if (RuleSetMessage.KEY.equals(key)) {
                        last[0] = value;
                    }
                });
        return last[0] == null ? null : RuleSetMessage.decode(last[0]);
    }

    /**
     * What the job's instances said of rule sets, in the order they said it: {@code
     * city.rules-status} read to its end (committed messages only, as the job writes it in
     * transactions).
     */
    public static List<RuleSetStatus> statuses(String bootstrap, String topicPrefix)
            throws Exception {
        List<RuleSetStatus> out = new ArrayList<>();
        readToEnd(
                bootstrap,
                topicPrefix + RuleSetMessage.STATUS_TOPIC,
                (key, value) -> out.add(RuleSetStatus.decode(value)));
        return out;
    }

    /** What {@link #readToEnd} does with each record that has a value. */
    private interface Record {
        void take(String key, String value) throws IOException;
    }

    /** Reads a topic from its start to the end offsets it has now, committed records only. */
    private static void readToEnd(String bootstrap, String topic, Record take) throws Exception {
        try (var consumer =
                new KafkaConsumer<>(
                        Map.<String, Object>of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrap,
                                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                                "false",
                                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                                "read_committed"),
                        new StringDeserializer(),
                        new StringDeserializer())) {
            var parts =
                    consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> ends = consumer.endOffsets(parts);
            long deadline = System.currentTimeMillis() + 30_000;
            while (!atEnd(consumer, parts, ends)) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IOException("could not read " + topic + " to its end in 30 s");
                }
                for (var r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() != null) {
                        take.take(r.key(), r.value());
                    }
                }
            }
        }
    }

    /**
     * The latest word of each instance on {@code version}, waiting up to {@code timeout} for every
     * instance to have said ACTIVE or REFUSED (a set whose switch time is still ahead stays
     * ACCEPTED until the city's time reaches it). By instance; empty when none has answered.
     */
    public static Map<Integer, RuleSetStatus> awaitOutcome(
            String bootstrap, String topicPrefix, String version, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<Integer, RuleSetStatus> latest = new TreeMap<>();
            for (RuleSetStatus st : statuses(bootstrap, topicPrefix)) {
                if (version.equals(st.version())) {
                    latest.put(st.instance(), st);
                }
            }
            boolean settled =
                    !latest.isEmpty()
                            && latest.size() == latest.values().iterator().next().instances()
                            && latest.values().stream()
                                    .allMatch(st -> st.status() != RuleSetStatus.Outcome.ACCEPTED);
            if (settled || System.nanoTime() > deadline) {
                return latest;
            }
            Thread.sleep(1000);
        }
    }

    /**
     * The city's time as the running job last told it on {@code city.clock} (its incident stage's
     * watermark), or null when no job has told it.
     */
    public static Long cityClock(String bootstrap, String topicPrefix) throws Exception {
        String topic = topicPrefix + CityClock.TOPIC;
        try (var consumer =
                new KafkaConsumer<>(
                        Map.<String, Object>of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrap,
                                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                                "false"),
                        new StringDeserializer(),
                        new StringDeserializer())) {
            var infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                return null;
            }
            TopicPartition tp = new TopicPartition(topic, infos.get(0).partition());
            consumer.assign(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            if (end == 0) {
                return null;
            }
            consumer.seek(tp, end - 1);
            long deadline = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < deadline) {
                for (var r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() != null) {
                        return JsonTree.number(JsonTree.object(r.value()), "watermark");
                    }
                }
            }
            return null;
        }
    }

    private static boolean atEnd(
            KafkaConsumer<String, String> c,
            List<TopicPartition> parts,
            Map<TopicPartition, Long> ends) {
        for (TopicPartition tp : parts) {
            if (c.position(tp) < ends.get(tp)) {
                return false;
            }
        }
        return true;
    }
}
