package io.cityops.job.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityops.events.Incident;
import io.cityops.job.CityOpsJob;
import io.cityops.job.JobConfig;
import io.cityops.job.sink.KafkaOutputs;
import io.cityops.job.source.KafkaInputs;
import io.cityops.job.testing.KafkaIncidents;
import io.cityops.job.testing.SharedCluster;
import io.cityops.job.testing.TruthCheck;
import io.cityops.kafka.LocalKafka;
import io.cityops.sim.KafkaPublisher;
import io.cityops.sim.Scenario;
import io.cityops.sim.SimOptions;
import io.cityops.sim.SimulationRun;
import io.cityops.sim.Simulator;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;

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
            incidents =
                    KafkaIncidents.readUntilCaughtUp(kafka, prefix, config.groupId(), run.truth());
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
}
