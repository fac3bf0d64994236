package io.cityops.job.recovery;

import io.cityops.events.Stream;
import io.cityops.kafka.ContractTopics;
import io.cityops.kafka.LocalKafka;
import io.cityops.sim.Scenario;
import io.cityops.sim.SimMessage;
import io.cityops.sim.SimOptions;
import io.cityops.sim.SimulationRun;
import io.cityops.sim.Simulator;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

/**
 * The small city of the restart tests ({@code scenarios/failover.yaml} in the test resources):
 * every kind of pattern in flight in its first 90 minutes, a quiet end. Published whole, or in
 * stages of event time, to topics behind a prefix.
 */
final class FailoverCity {
    static final SimulationRun RUN =
            new Simulator(Scenario.load("failover"), SimOptions.defaults()).run();
    static final long MIN = 60_000;

    private FailoverCity() {}

    /** Event time {@code minutes} into the scenario. */
    static long at(double minutes) {
        return RUN.start() + (long) (minutes * MIN);
    }

    /**
     * Partitions of the event topics: one per source reader at parallelism 2, so that a slowed
     * reader never lets one partition wait behind another's records for longer than the idleness
     * (the watermark would then run past it).
     */
    static final int PARTITIONS = 2;

    /** The contract's topics behind {@code prefix}. */
    static void createTopics(LocalKafka kafka, String prefix) throws Exception {
        kafka.createTopics(ContractTopics.topics(prefix, PARTITIONS, (short) 1));
    }

    /** Creates the contract's topics behind {@code prefix} and publishes the whole run. */
    static void publishAll(LocalKafka kafka, String prefix) throws Exception {
        createTopics(kafka, prefix);
        publish(kafka.bootstrap(), prefix, Long.MIN_VALUE, Long.MAX_VALUE, true);
    }

    /**
     * Publishes the events with {@code from <= ts < to} in their order, and the registry first when
     * asked.
     */
    static void publish(String bootstrap, String prefix, long from, long to, boolean registry)
            throws Exception {
        try (var producer =
                new KafkaProducer<>(
                        Map.<String, Object>of(
                                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrap,
                                ProducerConfig.ACKS_CONFIG,
                                "all",
                                ProducerConfig.LINGER_MS_CONFIG,
                                "10",
                                // One batch in flight: a batch retried against a partition that was
                                // not ready yet cannot land behind the next one (an idempotent
                                // producer then fails with OutOfOrderSequence for good).
                                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
                                "1"),
                        new StringSerializer(),
                        new StringSerializer())) {
            List<Future<?>> sent = new ArrayList<>();
            for (Iterator<SimMessage> it = RUN.messages(); it.hasNext(); ) {
                SimMessage m = it.next();
                boolean send =
                        m.stream() == Stream.REGISTRY ? registry : m.ts() >= from && m.ts() < to;
                if (send) {
                    sent.add(
                            producer.send(
                                    new ProducerRecord<>(
                                            prefix + m.stream().topic(), m.key(), m.json())));
                }
                if (m.stream() == Stream.REGISTRY && registry) {
                    // The registry is on the broker before any reading, as the publisher does.
                    producer.flush();
                }
            }
            producer.flush();
            for (Future<?> f : sent) {
                f.get();
            }
        }
    }
}
