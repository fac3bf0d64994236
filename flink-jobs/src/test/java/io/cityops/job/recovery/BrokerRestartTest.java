package io.cityops.job.recovery;

import static io.cityops.job.recovery.FailoverCity.at;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityops.job.testing.CommittedOutputs;
import io.cityops.kafka.LocalKafka;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * The Kafka broker goes down under the running job for ten seconds and comes back on the same
 * address with the same data: the job waits (or restarts from its latest checkpoint, as its sinks'
 * transactions require) and carries on; nothing is lost and nothing is written twice. The outage is
 * shorter than the job's idleness, as the job needs (docs/operations.md).
 */
class BrokerRestartTest {
    @TempDir Path dir;

    @Test
    void theJobRidesOutABrokerOutageWithoutLossOrDuplicates() throws Exception {
        // A broker of its own: the shared one stays up for the other tests.
        try (LocalKafka kafka = LocalKafka.start(dir, 0)) {
            String name = "failover-broker";
            String prefix = name + "-";
            FailoverCity.createTopics(kafka, prefix);
            FailoverCity.publish(kafka.bootstrap(), prefix, Long.MIN_VALUE, at(50), true);
            // Partitions must not turn idle while the broker is away: the one that came back
            // first would carry the city's time past the others (docs/operations.md).
            JobClient job = LiveRun.start(kafka, name, 2, List.of(), null, Duration.ofSeconds(30));
            try {
                awaitFirstCommittedIncident(kafka, prefix);
                kafka.stop();
                Thread.sleep(10_000);
                assertThat(job.getJobStatus().get()).isNotIn(JobStatus.FAILED, JobStatus.CANCELED);
                kafka.restart();
                FailoverCity.publish(kafka.bootstrap(), prefix, at(50), Long.MAX_VALUE, false);
                CommittedOutputs run = LiveRun.readToTheEnd(kafka, name);
                assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
                FailureInjectionTest.assertSameAsReference(run);
            } finally {
                job.cancel().get();
            }
        }
    }

    /** Waits until the job has committed an incident: it is well into its input then. */
    private static void awaitFirstCommittedIncident(LocalKafka kafka, String prefix) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "broker-restart-watch");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (var c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            c.subscribe(List.of(prefix + io.cityops.events.Stream.INCIDENTS_TOPIC));
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (System.nanoTime() < deadline) {
                if (!c.poll(Duration.ofMillis(200)).isEmpty()) {
                    return;
                }
            }
        }
        throw new AssertionError("no incident committed within 2 min");
    }
}
