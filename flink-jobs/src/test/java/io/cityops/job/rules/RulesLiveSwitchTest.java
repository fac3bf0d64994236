package io.cityops.job.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.cityops.events.Codec;
import io.cityops.events.Facility;
import io.cityops.events.FacilityType;
import io.cityops.events.Incident;
import io.cityops.events.Metric;
import io.cityops.events.SensorReading;
import io.cityops.events.Stream;
import io.cityops.job.CityOpsJob;
import io.cityops.job.JobConfig;
import io.cityops.job.JsonTree;
import io.cityops.job.sink.KafkaOutputs;
import io.cityops.job.source.KafkaInputs;
import io.cityops.job.testing.SharedCluster;
import io.cityops.kafka.ContractTopics;
import io.cityops.kafka.LocalKafka;
import io.cityops.kafka.RulesTopic;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;

/**
 * Rules without a restart, live: the job runs on the shared MiniCluster at parallelism 2 against
 * the shared broker; a raised waterlogging threshold (15 cm to 25 cm) deployed mid-stream to {@code
 * city.rules} takes over at its {@code effectiveAt} on both rules instances, each reporting ACTIVE
 * at the same switch time; the incidents opened before it follow the old threshold and carry the
 * shipped version, those after it the new one and its version; then a broken set is refused by both
 * with its file and line and the raised threshold stays in force.
 */
class RulesLiveSwitchTest {
    static final long T0 = 1_784_592_000_000L;
    static final long MIN = 60_000;
    static final String PREFIX = "rules-live-";

    @Test
    void aThresholdDeployedMidStreamTakesOverAtItsTimeOnEveryInstance() throws Exception {
        LocalKafka kafka = SharedCluster.kafka();
        // Two partitions a topic, one per source reader. The readings all go to partition 0, in
        // time order; every other partition gets one record far ahead, so no partition is ever
        // idle: a partition that wakes from idleness first could carry the city's time past
        // records still on their way (docs/operations.md), and this test pauses between phases.
        kafka.createTopics(ContractTopics.topics(PREFIX, 2, (short) 1));
        List<String> districts = oneDistrictPerInstance();
        List<Facility> all = new ArrayList<>();
        for (String d : districts) {
            for (String n : List.of("A", "B", "C", "D")) {
                all.add(underpass(d, n));
            }
        }
        try (var producer = producer(kafka)) {
            for (Facility f : all) {
                send(producer, Stream.REGISTRY, f.id(), Codec.encode(f));
            }
            long far = T0 + 1000 * MIN;
            for (int part = 0; part < 2; part++) {
                far(
                        producer,
                        Stream.WEATHER,
                        part,
                        Codec.encode(
                                new io.cityops.events.WeatherObservation(
                                        "58367", far, 0.0, null, null, null)));
                far(
                        producer,
                        Stream.DISPATCH_ACTIONS,
                        part,
                        Codec.encode(
                                new io.cityops.events.DispatchAction(
                                        "none",
                                        far,
                                        io.cityops.events.ActionType.ACK,
                                        "test",
                                        null,
                                        null)));
                far(
                        producer,
                        Stream.STREET_ORDERS,
                        part,
                        Codec.encode(
                                new io.cityops.events.StreetOrder(
                                        "SO-far-" + part,
                                        far,
                                        io.cityops.events.OrderSource.APP,
                                        io.cityops.events.OrderCategory.OTHER,
                                        31.2304,
                                        121.4737,
                                        districts.get(0),
                                        null,
                                        null,
                                        null)));
            }
            far(
                    producer,
                    Stream.SENSORS,
                    1,
                    Codec.encode(new SensorReading("WL-FAR", far, Metric.HEARTBEAT, 0)));
            List<SensorReading> phase = new ArrayList<>();
            for (String d : districts) {
                // Before the switch, the shipped 15 cm: A opens at T0+10.
                phase.add(depth(underpass(d, "A"), T0 + 10 * MIN, 20));
            }
            // Time moves on to T0+20 (less the 30 s out-of-orderness): A's reading is released.
            for (Facility f : all) {
                phase.add(heartbeat(f, T0 + 20 * MIN));
            }
            publishInTimeOrder(producer, phase);
        }
        JobConfig config =
                JobConfig.defaults()
                        .withKafka(kafka.bootstrap())
                        .withParallelism(2)
                        .withIdleness(Duration.ofMinutes(10))
                        .withRegistryQuiet(Duration.ofSeconds(2))
                        .withGroupId("rules-live");
        StreamExecutionEnvironment env = SharedCluster.env(2);
        env.enableCheckpointing(500);
        new CityOpsJob(
                        config,
                        new KafkaInputs(PREFIX),
                        new KafkaOutputs(kafka.bootstrap(), PREFIX, config.transactionalIds()))
                .build(env);
        JobClient job = env.executeAsync("rules live switch");
        try (var producer = producer(kafka);
                var status = consumer(kafka, PREFIX + RuleSetMessage.STATUS_TOPIC);
                var incidents = consumer(kafka, PREFIX + Stream.INCIDENTS_TOPIC)) {
            Map<String, Incident> latest = new HashMap<>();
            awaitIncidents(incidents, latest, m -> waterlogging(m).size() == 2);

            long switchAt = T0 + 30 * MIN;
            RuleSetMessage raised =
                    RuleSetSwitchTest.shipped(
                            "2026-07-28.1", "waterlogging_open_cm=25\n", switchAt, l -> l);
            RulesTopic.publish(raised, kafka.bootstrap(), PREFIX);
            List<Map<String, Object>> seen = new ArrayList<>();
            awaitStatuses(status, seen, s -> count(s, "ACCEPTED") == 2);

            List<SensorReading> phase = new ArrayList<>();
            for (String d : districts) {
                phase.add(depth(underpass(d, "B"), T0 + 25 * MIN, 20)); // before: old rule
                phase.add(depth(underpass(d, "C"), T0 + 35 * MIN, 20)); // after: under 25 cm
                phase.add(depth(underpass(d, "C"), T0 + 40 * MIN, 26)); // after: over 25 cm
                // Still open from before the switch (A's rule is in both sets): no second incident.
                phase.add(depth(underpass(d, "A"), T0 + 36 * MIN, 20));
            }
            for (Facility f : all) {
                phase.add(heartbeat(f, T0 + 60 * MIN));
            }
            publishInTimeOrder(producer, phase);
            awaitStatuses(status, seen, s -> count(s, "ACTIVE") == 2);
            awaitIncidents(incidents, latest, m -> waterlogging(m).size() == 6);

            assertThat(seen)
                    .filteredOn(s -> s.get("status").equals("ACTIVE"))
                    .extracting(
                            s -> s.get("instance"),
                            s -> s.get("version"),
                            s -> s.get("switchAt"),
                            s -> s.get("late"))
                    .containsExactlyInAnyOrder(
                            tuple(0L, "2026-07-28.1", switchAt, false),
                            tuple(1L, "2026-07-28.1", switchAt, false));
            List<Object> expected = new ArrayList<>();
            for (String d : districts) {
                expected.add(tuple(underpass(d, "A").id(), T0 + 10 * MIN, "builtin"));
                expected.add(tuple(underpass(d, "B").id(), T0 + 25 * MIN, "builtin"));
                expected.add(tuple(underpass(d, "C").id(), T0 + 40 * MIN, "2026-07-28.1"));
            }
            assertThat(waterlogging(latest))
                    .extracting(Incident::subject, Incident::openedAt, Incident::rulesVersion)
                    .containsExactlyInAnyOrderElementsOf(
                            expected.stream().map(t -> (org.assertj.core.groups.Tuple) t).toList());

            // A typo: refused by both instances with its file and line; 25 cm stays.
            RuleSetMessage typo =
                    RuleSetSwitchTest.withTypo(
                            RuleSetSwitchTest.shipped(
                                    "2026-07-28.2", "waterlogging_open_cm=25\n", null, l -> l));
            RulesTopic.publish(typo, kafka.bootstrap(), PREFIX);
            awaitStatuses(status, seen, s -> count(s, "REFUSED") == 2);
            phase.clear();
            for (String d : districts) {
                phase.add(depth(underpass(d, "D"), T0 + 70 * MIN, 20));
                phase.add(depth(underpass(d, "D"), T0 + 71 * MIN, 26));
            }
            for (Facility f : all) {
                phase.add(heartbeat(f, T0 + 90 * MIN));
            }
            publishInTimeOrder(producer, phase);
            try {
                awaitIncidents(incidents, latest, m -> waterlogging(m).size() == 8);
            } catch (AssertionError e) {
                try (var dl = consumer(kafka, PREFIX + Stream.DEAD_LETTER_TOPIC)) {
                    for (int k = 0; k < 10; k++) {
                        dl.poll(Duration.ofMillis(300))
                                .forEach(r -> System.err.println("DL " + r.value()));
                    }
                }
                System.err.println("STATUSES " + seen);
                throw e;
            }
            assertThat(seen)
                    .filteredOn(s -> s.get("status").equals("REFUSED"))
                    .extracting(s -> s.get("version"), s -> s.get("file"), s -> s.get("line"))
                    .containsOnly(tuple("2026-07-28.2", "waterlogging.epl", 22L));
            // What `cityops rules status` and `rules deploy --wait` read: the latest word of
            // each instance on each version.
            assertThat(
                            RulesTopic.awaitOutcome(
                                            kafka.bootstrap(),
                                            PREFIX,
                                            "2026-07-28.1",
                                            Duration.ofSeconds(30))
                                    .values())
                    .extracting(
                            RuleSetStatus::instance,
                            RuleSetStatus::status,
                            RuleSetStatus::switchAt,
                            RuleSetStatus::instances)
                    .containsExactly(
                            tuple(0, RuleSetStatus.Outcome.ACTIVE, switchAt, 2),
                            tuple(1, RuleSetStatus.Outcome.ACTIVE, switchAt, 2));
            assertThat(
                            RulesTopic.awaitOutcome(
                                            kafka.bootstrap(),
                                            PREFIX,
                                            "2026-07-28.2",
                                            Duration.ofSeconds(30))
                                    .values())
                    .extracting(RuleSetStatus::status, RuleSetStatus::file, RuleSetStatus::line)
                    .containsOnly(tuple(RuleSetStatus.Outcome.REFUSED, "waterlogging.epl", 22));
            assertThat(waterlogging(latest))
                    .filteredOn(i -> i.subject().endsWith("-D"))
                    .extracting(Incident::openedAt, Incident::rulesVersion)
                    .containsOnly(tuple(T0 + 71 * MIN, "2026-07-28.1"));
        } finally {
            job.cancel().get();
        }
    }

    /** Two districts whose keys go to different instances of the rules stage at parallelism 2. */
    static List<String> oneDistrictPerInstance() {
        Map<Integer, String> byInstance = new HashMap<>();
        for (String d : List.of("310101", "310104", "310105", "310106", "310107", "310109")) {
            byInstance.putIfAbsent(
                    KeyGroupRangeAssignment.assignKeyToParallelOperator(d, 128, 2), d);
        }
        assertThat(byInstance).hasSize(2);
        return List.of(byInstance.get(0), byInstance.get(1));
    }

    static Facility underpass(String district, String n) {
        return new Facility(
                "WL-" + district + "-" + n,
                FacilityType.WATER_LEVEL,
                31.2304,
                121.4737,
                district,
                district + "002",
                null,
                60,
                "下立交 " + n);
    }

    static List<Incident> waterlogging(Map<String, Incident> m) {
        return m.values().stream().filter(i -> i.rule().equals("WATERLOGGING")).toList();
    }

    static long count(List<Map<String, Object>> statuses, String status) {
        return statuses.stream().filter(s -> s.get("status").equals(status)).count();
    }

    static KafkaProducer<String, String> producer(LocalKafka kafka) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    /** To partition 0, where every reading of the test goes. */
    static void send(KafkaProducer<String, String> p, Stream s, String key, String json) {
        p.send(
                new ProducerRecord<>(
                        PREFIX + s.topic(), s == Stream.REGISTRY ? null : 0, key, json));
    }

    static void far(KafkaProducer<String, String> p, Stream s, int partition, String json) {
        p.send(new ProducerRecord<>(PREFIX + s.topic(), partition, "far", json));
    }

    static SensorReading depth(Facility f, long ts, double cm) {
        return new SensorReading(f.id(), ts, Metric.DEPTH_CM, cm);
    }

    static SensorReading heartbeat(Facility f, long ts) {
        return new SensorReading(f.id(), ts, Metric.HEARTBEAT, 0);
    }

    /**
     * In event-time order, as a feed would send them: a partition's reading more than the
     * out-of-orderness behind its latest is late.
     */
    static void publishInTimeOrder(KafkaProducer<String, String> p, List<SensorReading> readings) {
        readings.stream()
                .sorted(java.util.Comparator.comparingLong(SensorReading::ts))
                .forEach(r -> send(p, Stream.SENSORS, r.sensor(), Codec.encode(r)));
        p.flush();
    }

    static KafkaConsumer<String, String> consumer(LocalKafka kafka, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "rules-live-test-" + topic);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        var c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
        c.subscribe(List.of(topic));
        return c;
    }

    static void awaitStatuses(
            KafkaConsumer<String, String> c,
            List<Map<String, Object>> seen,
            Predicate<List<Map<String, Object>>> done)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!done.test(seen)) {
            assertThat(System.nanoTime()).as("statuses so far: %s", seen).isLessThan(deadline);
            for (var r : c.poll(Duration.ofMillis(200))) {
                seen.add(JsonTree.object(r.value()));
            }
        }
    }

    static void awaitIncidents(
            KafkaConsumer<String, String> c,
            Map<String, Incident> latest,
            Predicate<Map<String, Incident>> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!done.test(latest)) {
            assertThat(System.nanoTime())
                    .as("incidents so far: %s", latest.values())
                    .isLessThan(deadline);
            for (var r : c.poll(Duration.ofMillis(200))) {
                Incident i = Codec.decodeIncident(r.value()).value();
                latest.merge(i.id(), i, (a, b) -> a.version() >= b.version() ? a : b);
            }
        }
    }
}
