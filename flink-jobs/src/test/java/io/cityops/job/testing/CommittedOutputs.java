package io.cityops.job.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityops.events.Codec;
import io.cityops.events.Escalation;
import io.cityops.events.Incident;
import io.cityops.events.Stream;
import io.cityops.job.sink.CityClock;
import io.cityops.kafka.LocalKafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Everything committed on a live job's exactly-once outputs, read as a consumer that must not see
 * uncommitted data reads it ({@code read_committed}): every version of every incident in the order
 * it was written, the dead letters and the escalations.
 *
 * @param versions by incident id, each version's JSON in topic order
 * @param watermark the latest city time the job's clock reported
 */
public record CommittedOutputs(
        Map<String, List<String>> versions,
        List<String> deadLetters,
        List<String> escalations,
        long watermark) {

    /** The latest version of each incident. */
    public Map<String, Incident> latest() {
        Map<String, Incident> out = new TreeMap<>();
        versions.forEach(
                (id, jsons) ->
                        out.put(id, Codec.decodeIncident(jsons.get(jsons.size() - 1)).value()));
        return out;
    }

    /** Dead letters and escalations sorted: several writers interleave them differently. */
    public List<String> sortedDeadLetters() {
        return deadLetters.stream().sorted().toList();
    }

    public List<String> sortedEscalations() {
        return escalations.stream().sorted().toList();
    }

    /** Dead letters counted by their stream. */
    public Map<String, Long> deadLettersByStream() {
        return deadLetters.stream()
                .map(d -> Codec.decodeDeadLetter(d).value().stream())
                .collect(Collectors.groupingBy(s -> s, TreeMap::new, Collectors.counting()));
    }

    /** Dead letters counted by stream and reason ("sensors/late"). */
    public Map<String, Long> deadLettersByReason() {
        return deadLetters.stream()
                .map(d -> Codec.decodeDeadLetter(d).value())
                .collect(
                        Collectors.groupingBy(
                                d -> d.stream() + "/" + d.reason(),
                                TreeMap::new,
                                Collectors.counting()));
    }

    /**
     * Reads until the job has committed offsets at the end of its inputs and nothing new has been
     * committed for {@code quiet}.
     */
    public static CommittedOutputs readUntilCaughtUp(
            LocalKafka kafka, String prefix, String groupId, Duration quiet, Duration timeout)
            throws Exception {
        return readUntilCaughtUp(kafka, prefix, groupId, Long.MIN_VALUE, quiet, timeout);
    }

    /**
     * Reads until the job has committed offsets at the end of its inputs, its clock ({@code
     * city.clock}) has reached {@code watermark}, and nothing new has been committed for {@code
     * quiet}: with the watermark a run that never stopped ended at, a short quiet suffices.
     */
    public static CommittedOutputs readUntilCaughtUp(
            LocalKafka kafka,
            String prefix,
            String groupId,
            long watermark,
            Duration quiet,
            Duration timeout)
            throws Exception {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(4 << 20));
        Map<String, List<String>> versions = new TreeMap<>();
        List<String> deadLetters = new ArrayList<>();
        List<String> escalations = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean caughtUp = false;
        long clock = Long.MIN_VALUE;
        long lastNews = System.nanoTime();
        try (var consumer =
                        new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
                var admin = kafka.admin()) {
            List<TopicPartition> parts = new ArrayList<>();
            for (String topic :
                    List.of(
                            prefix + Stream.INCIDENTS_TOPIC,
                            prefix + Stream.DEAD_LETTER_TOPIC,
                            prefix + Escalation.TOPIC,
                            prefix + CityClock.TOPIC)) {
                consumer.partitionsFor(topic)
                        .forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
            }
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            while (System.nanoTime() < deadline) {
                var records = consumer.poll(Duration.ofMillis(300));
                for (var r : records) {
                    if (r.topic().endsWith(CityClock.TOPIC)) {
                        clock = Math.max(clock, clockWatermark(r.value()));
                        continue;
                    }
                    lastNews = System.nanoTime();
                    if (r.topic().endsWith(Stream.INCIDENTS_TOPIC)) {
                        versions.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value());
                    } else if (r.topic().endsWith(Stream.DEAD_LETTER_TOPIC)) {
                        deadLetters.add(r.value());
                    } else {
                        escalations.add(r.value());
                    }
                }
                if (!caughtUp) {
                    caughtUp = committedToTheEnd(consumer, admin, prefix, groupId);
                    if (caughtUp) {
                        lastNews = System.nanoTime();
                    }
                } else if (clock < watermark) {
                    lastNews = System.nanoTime();
                } else if (System.nanoTime() - lastNews > quiet.toNanos()) {
                    break;
                }
            }
        }
        assertThat(caughtUp).as("the job committed offsets at the end of its inputs").isTrue();
        assertThat(clock).as("the job's clock").isGreaterThanOrEqualTo(watermark);
        return new CommittedOutputs(versions, deadLetters, escalations, clock);
    }

    /** The watermark of a {@code {"watermark":…,"wall":…}} tick. */
    private static long clockWatermark(String tick) {
        var m = java.util.regex.Pattern.compile("\"watermark\":(-?\\d+)").matcher(tick);
        return m.find() ? Long.parseLong(m.group(1)) : Long.MIN_VALUE;
    }

    /**
     * Whether the job's consumer groups (its group id and the stream's label) have committed the
     * end offset of every partition of its event topics, however many partitions they have.
     */
    static boolean committedToTheEnd(
            KafkaConsumer<?, ?> consumer, Admin admin, String prefix, String groupId)
            throws Exception {
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
            consumer.partitionsFor(topic)
                    .forEach(
                            i ->
                                    ask.put(
                                            new TopicPartition(topic, i.partition()),
                                            OffsetSpec.latest()));
            for (var e : admin.listOffsets(ask).all().get().entrySet()) {
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
