package io.cityops.job.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityops.events.Codec;
import io.cityops.events.Stream;
import io.cityops.events.WeatherWarning;
import io.cityops.job.CityEvent;
import io.cityops.job.CityOpsJob;
import io.cityops.job.JobConfig;
import io.cityops.job.sink.KafkaOutputs;
import io.cityops.job.source.Decoding;
import io.cityops.job.source.KafkaInputs;
import io.cityops.job.testing.CommittedOutputs;
import io.cityops.job.testing.SharedCluster;
import io.cityops.kafka.ContractTopics;
import io.cityops.kafka.LocalKafka;
import io.cityops.sim.SimMessage;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.Future;

/**
 * Poison on the wire: random bytes, contract messages cut short or mutated (values of the wrong
 * type, out of range, fields dropped or doubled), a 10 MB line, 100,000 nested brackets, nesting
 * within the size limit, for a fixed time on every event stream. The job must stay up without a
 * restart, and every message must be accounted for: processed by the rules or dead-lettered.
 */
class PoisonMessageFuzzTest {
    private static final Logger LOG = LoggerFactory.getLogger(PoisonMessageFuzzTest.class);
    private static final Duration FUZZ_FOR = Duration.ofSeconds(10);
    private static final int MAX_MESSAGE = 16 << 20;

    /** Streams fuzzed; the registry stays clean, as it defines the city the rest is checked on. */
    private static final List<Stream> FUZZED =
            List.of(Stream.SENSORS, Stream.WEATHER, Stream.STREET_ORDERS, Stream.DISPATCH_ACTIONS);

    @Test
    void everyPoisonMessageIsDeadLetteredAndTheJobStaysUp() throws Exception {
        LocalKafka kafka = SharedCluster.kafka();
        String prefix = "fuzz-";
        List<NewTopic> topics = new ArrayList<>();
        for (NewTopic t : ContractTopics.topics(prefix, LocalKafka.PARTITIONS, (short) 1)) {
            // Let a 10 MB line onto the input topics, so that it reaches the job.
            topics.add(t.configs(Map.of("max.message.bytes", String.valueOf(MAX_MESSAGE))));
        }
        kafka.createTopics(topics);
        FailoverCity.publish(kafka.bootstrap(), prefix, Long.MIN_VALUE, Long.MIN_VALUE, true);

        JobConfig config =
                JobConfig.defaults()
                        .withKafka(kafka.bootstrap())
                        // The streams' valid examples are not in step with one another: were a
                        // busy machine to stall the sensors' partitions long enough to turn them
                        // idle, the others' time would pass the readings and turn them away as
                        // late. Thirty seconds is longer than the fuzzing (dispatch actions, mostly
                        // poison, still turn idle after one: KafkaInputs.idleness).
                        .withIdleness(Duration.ofSeconds(30))
                        .withGroupId("fuzz");
        StreamExecutionEnvironment env = SharedCluster.env(2);
        env.enableCheckpointing(500);
        new CityOpsJob(
                        config,
                        new KafkaInputs(prefix),
                        new KafkaOutputs(kafka.bootstrap(), prefix, config.transactionalIds()))
                .build(env);
        JobClient job = env.executeAsync("fuzz");
        try {
            Thread.sleep(6_000); // the registry is loaded: readings are joined at once
            Map<Stream, Long> sent = fuzz(kafka, prefix);
            LOG.info("fuzz sent {}", sent);

            CommittedOutputs out =
                    CommittedOutputs.readUntilCaughtUp(
                            kafka, prefix, "fuzz", Duration.ofSeconds(4), Duration.ofMinutes(3));
            Map<String, Long> dead = out.deadLettersByStream();
            Map<String, Long> received = received(job.getJobID());
            LOG.info(
                    "dead letters {}, received by the rules {}",
                    out.deadLettersByReason(),
                    received);

            assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
            assertThat(restarts(job.getJobID())).as("restarts").isZero();
            for (Stream s : FUZZED) {
                long d = dead.getOrDefault(s.label(), 0L);
                long r = received.getOrDefault(s.label(), 0L);
                assertThat(d + r)
                        .as("%s: %d dead letters + %d processed", s.label(), d, r)
                        .isEqualTo(sent.get(s));
            }
            assertThat(received.get(Stream.SENSORS.label())).as("valid readings").isPositive();
            assertThat(dead.get(Stream.DISPATCH_ACTIONS.label())).isPositive();
        } finally {
            job.cancel().get();
        }
    }

    /** Sends poison and some valid messages for {@link #FUZZ_FOR}; what it sent, by stream. */
    private static Map<Stream, Long> fuzz(LocalKafka kafka, String prefix) throws Exception {
        Map<Stream, List<String>> valid = new EnumMap<>(Stream.class);
        for (Iterator<SimMessage> it = FailoverCity.RUN.messages(); it.hasNext(); ) {
            SimMessage m = it.next();
            if (FUZZED.contains(m.stream()) && !isValidWarning(m.stream(), m.json())) {
                valid.computeIfAbsent(m.stream(), k -> new ArrayList<>()).add(m.json());
            }
        }
        valid.put(
                Stream.DISPATCH_ACTIONS,
                List.of(
                        "{\"incident\":\"WATERLOGGING:WL-310101-0007:1784592000000\","
                                + "\"ts\":1784592300000,\"action\":\"ACK\",\"by\":\"d-07\"}"));
        Map<Stream, Long> sent = new EnumMap<>(Stream.class);
        FUZZED.forEach(s -> sent.put(s, 0L));
        SplittableRandom rng = new SplittableRandom(20260722);
        Map<Stream, Integer> next = new EnumMap<>(Stream.class);
        List<Future<?>> acks = new ArrayList<>();
        try (var producer =
                new KafkaProducer<>(
                        Map.<String, Object>of(
                                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                kafka.bootstrap(),
                                ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                                MAX_MESSAGE,
                                ProducerConfig.BUFFER_MEMORY_CONFIG,
                                4L * MAX_MESSAGE,
                                ProducerConfig.LINGER_MS_CONFIG,
                                5,
                                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
                                1),
                        new ByteArraySerializer(),
                        new ByteArraySerializer())) {
            // The worst first: each once, on the stream whose decoder must refuse it.
            send(producer, prefix, Stream.SENSORS, "x".repeat(10 << 20).getBytes(), sent, acks);
            send(producer, prefix, Stream.WEATHER, "[".repeat(100_000).getBytes(), sent, acks);
            send(
                    producer,
                    prefix,
                    Stream.STREET_ORDERS,
                    ("{\"id\":" + "[".repeat(20_000) + "]".repeat(20_000) + "}").getBytes(),
                    sent,
                    acks);
            byte[] noise = new byte[1 << 20];
            rng.nextBytes(noise);
            send(producer, prefix, Stream.SENSORS, noise, sent, acks);

            long until = System.nanoTime() + FUZZ_FOR.toNanos();
            while (System.nanoTime() < until) {
                Stream s = FUZZED.get(rng.nextInt(FUZZED.size()));
                List<String> examples = valid.get(s);
                int i = next.merge(s, 1, Integer::sum) % examples.size();
                String example = examples.get(i);
                byte[] message;
                int kind = rng.nextInt(10);
                if (kind < 2) {
                    message = new byte[rng.nextInt(400)];
                    rng.nextBytes(message);
                } else if (kind < 4) {
                    message = truncate(example, rng).getBytes(StandardCharsets.UTF_8);
                } else if (kind < 8) {
                    message = mutate(example, rng).getBytes(StandardCharsets.UTF_8);
                } else {
                    message = example.getBytes(StandardCharsets.UTF_8);
                }
                String text = new String(message, StandardCharsets.UTF_8);
                if ((kind >= 2 && kind < 8 && stillValid(s, text))
                        || isValidWarning(s, text)
                        || (s == Stream.DISPATCH_ACTIONS
                                && Codec.decodeDispatchAction(text).isOk())) {
                    // A valid warning reaches the rules once per district it covers, a valid
                    // action waits for the watermark: neither counts as one message. Poison only.
                    message = ("{" + text).getBytes(StandardCharsets.UTF_8);
                }
                send(producer, prefix, s, message, sent, acks);
                if (acks.size() % 200 == 0) {
                    Thread.sleep(50);
                }
            }
            producer.flush();
            for (Future<?> f : acks) {
                f.get();
            }
        }
        return sent;
    }

    /**
     * A mutation that still decodes is no poison but another valid message, one whose time may now
     * lie years ahead: that moves its partition's time on and turns the valid messages after it
     * away as late (counted and dead-lettered, docs/architecture.md). Poison only here.
     */
    private static boolean stillValid(Stream s, String text) {
        return Decoding.decode(s, text).kind != CityEvent.REJECTED;
    }

    private static void send(
            KafkaProducer<byte[], byte[]> producer,
            String prefix,
            Stream s,
            byte[] message,
            Map<Stream, Long> sent,
            List<Future<?>> acks) {
        acks.add(producer.send(new ProducerRecord<>(prefix + s.topic(), message)));
        sent.merge(s, 1L, Long::sum);
    }

    private static boolean isValidWarning(Stream s, String json) {
        return s == Stream.WEATHER && Codec.decodeWeather(json).value() instanceof WeatherWarning;
    }

    private static String truncate(String example, SplittableRandom rng) {
        return example.substring(0, rng.nextInt(example.length()));
    }

    private static final String[] VALUES = {
        "null",
        "1e999",
        "-1",
        "99999999999999999999",
        "1.5",
        "true",
        "\"\"",
        "\"x\"",
        "[]",
        "{}",
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
        "\"\\u0000\"",
        "4102444800000",
        "0",
        "\"" + "界".repeat(3000) + "\""
    };

    /** One to three edits: a value replaced, a field dropped or doubled, a byte changed. */
    private static String mutate(String example, SplittableRandom rng) {
        String m = example;
        for (int n = 1 + rng.nextInt(3); n > 0; n--) {
            List<int[]> values = valueSpans(m);
            int edit = rng.nextInt(4);
            if (edit == 0 && !values.isEmpty()) {
                int[] v = values.get(rng.nextInt(values.size()));
                m = m.substring(0, v[0]) + VALUES[rng.nextInt(VALUES.length)] + m.substring(v[1]);
            } else if (edit == 1 && !values.isEmpty()) {
                int[] v = values.get(rng.nextInt(values.size()));
                int start = m.lastIndexOf(',', v[0]);
                m = start < 0 ? m : m.substring(0, start) + m.substring(v[1]);
            } else if (edit == 2 && m.length() > 2) {
                int comma = m.indexOf(',');
                m = comma < 0 ? m : m.substring(0, m.length() - 1) + m.substring(comma);
            } else if (m.length() > 0) {
                int at = rng.nextInt(m.length());
                m = m.substring(0, at) + (char) (32 + rng.nextInt(95)) + m.substring(at + 1);
            }
        }
        return m;
    }

    /** Where each top-level value of a flat JSON object starts and ends (strings, numbers). */
    private static List<int[]> valueSpans(String json) {
        List<int[]> spans = new ArrayList<>();
        int i = 0;
        while ((i = json.indexOf("\":", i)) >= 0) {
            int start = i + 2;
            int end = start;
            if (end < json.length() && json.charAt(end) == '"') {
                end = json.indexOf('"', end + 1) + 1;
                if (end == 0) {
                    break;
                }
            } else {
                while (end < json.length() && ",}]".indexOf(json.charAt(end)) < 0) {
                    end++;
                }
            }
            spans.add(new int[] {start, end});
            i = end;
        }
        return spans;
    }

    /** Events the rules took, by stream: the job's {@code cityops.stream.*.received} counters. */
    private static Map<String, Long> received(JobID job) throws Exception {
        Map<String, Long> out = new TreeMap<>();
        for (var e : SharedCluster.metrics().findMetrics(job, "received").entrySet()) {
            for (Stream s : FUZZED) {
                if (e.getKey().contains(".stream." + s.label() + ".")
                        && e.getValue() instanceof Counter c) {
                    out.merge(s.label(), c.getCount(), Long::sum);
                }
            }
        }
        return out;
    }

    private static long restarts(JobID job) throws Exception {
        for (var e : SharedCluster.metrics().findMetrics(job, "numRestarts").entrySet()) {
            if (e.getValue() instanceof Gauge<?> g) {
                return ((Number) g.getValue()).longValue();
            }
        }
        throw new AssertionError("no numRestarts metric for job " + job);
    }
}
