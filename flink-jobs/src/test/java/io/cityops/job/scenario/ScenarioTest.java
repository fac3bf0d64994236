package io.cityops.job.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityops.events.Codec;
import io.cityops.events.Incident;
import io.cityops.events.Stream;
import io.cityops.job.CityOpsJob;
import io.cityops.job.JobConfig;
import io.cityops.job.sink.KafkaOutputs;
import io.cityops.job.source.KafkaInputs;
import io.cityops.job.testing.SharedCluster;
import io.cityops.job.testing.TruthCheck;
import io.cityops.kafka.LocalKafka;
import io.cityops.sim.KafkaPublisher;
import io.cityops.sim.Scenario;
import io.cityops.sim.SimOptions;
import io.cityops.sim.SimulationRun;
import io.cityops.sim.Simulator;
import io.cityops.sim.TruthEntry;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Every scenario through the real path: the simulator publishes to the in-process broker, the job
 * runs on the shared MiniCluster at parallelism 2 reading Kafka, and the incidents it writes to
 * Kafka must match the scenario's ground truth: each expected incident opens once inside its
 * window, and nothing else opens.
 */
class ScenarioTest {
    private static final Logger LOG = LoggerFactory.getLogger(ScenarioTest.class);

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "rainstorm",
                "typhoon",
                "sensor-outage",
                "elevator-entrapment",
                "gas-leak",
                "street-vendors",
                "calm-day"
            })
    void meetsItsGroundTruthLiveThroughKafka(String name) throws Exception {
        LocalKafka kafka = SharedCluster.kafka();
        String prefix = "sc-" + name + "-";
        kafka.createContractTopics(prefix);

        SimulationRun run = new Simulator(Scenario.load(name), SimOptions.defaults().seed(7)).run();
        try (KafkaPublisher publisher = new KafkaPublisher(kafka.bootstrap(), prefix)) {
            publisher.publish(run, Double.POSITIVE_INFINITY, p -> {});
        }

        JobConfig config =
                JobConfig.defaults()
                        .withKafka(kafka.bootstrap())
                        .withParallelism(2)
                        .withIdleness(Duration.ofSeconds(3))
                        .withRegistryQuiet(Duration.ofSeconds(2));
        StreamExecutionEnvironment env = SharedCluster.env(2);
        // Checkpoints commit the sources' offsets, which is how the test knows the job caught up.
        env.enableCheckpointing(1000);
        new CityOpsJob(config, new KafkaInputs(prefix), new KafkaOutputs(kafka.bootstrap(), prefix))
                .build(env);
        JobClient job = env.executeAsync("scenario " + name);
        Map<String, Incident> incidents;
        try {
            incidents = readUntilCaughtUp(kafka, prefix, config.groupId(), run.truth());
        } finally {
            job.cancel().get();
        }

        TruthCheck check = TruthCheck.of(name, run.truth(), incidents.values());
        LOG.info("scenario {}", check.summary());
        assertThat(check.missed()).as("missed").isEmpty();
        assertThat(check.duplicated()).as("opened more than once").isEmpty();
        assertThat(check.outsideWindow()).as("opened outside the truth window").isEmpty();
        assertThat(check.extra()).as("opened without being expected").isEmpty();
    }

    /**
     * The latest version of each incident, read until the job has committed offsets at the end of
     * every input topic, every truth entry has an incident, and nothing new has arrived for a
     * while.
     */
    static Map<String, Incident> readUntilCaughtUp(
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
        for (Stream s : List.of(Stream.SENSORS, Stream.WEATHER, Stream.STREET_ORDERS)) {
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
