package io.cityops.job.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityops.events.ActionType;
import io.cityops.events.Codec;
import io.cityops.events.DispatchAction;
import io.cityops.events.Incident;
import io.cityops.events.IncidentStatus;
import io.cityops.events.Stream;
import io.cityops.job.CityOpsJob;
import io.cityops.job.JobConfig;
import io.cityops.job.replay.Replay;
import io.cityops.job.sink.KafkaOutputs;
import io.cityops.job.source.KafkaInputs;
import io.cityops.job.testing.KafkaIncidents;
import io.cityops.job.testing.SharedCluster;
import io.cityops.kafka.LocalKafka;
import io.cityops.sim.KafkaPublisher;
import io.cityops.sim.Scenario;
import io.cityops.sim.SimOptions;
import io.cityops.sim.SimulationRun;
import io.cityops.sim.Simulator;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A dispatcher's morning during the rainstorm, run twice: live through Kafka, and as a replay of
 * the same input files. Deadlines run on event time, so both give the same incidents, with the same
 * statuses, breaches and versions.
 */
class LiveVersusReplayTest {
    static final long MIN = 60_000;

    @TempDir Path dir;

    @Test
    void aLiveRunAndAReplayOfTheSameInputGiveTheSameIncidentsAndBreaches() throws Exception {
        SimulationRun run =
                new Simulator(Scenario.load("rainstorm"), SimOptions.defaults().seed(7)).run();
        Path folder = dir.resolve("rainstorm");
        run.writeTo(folder);

        // What opens without anyone acting, so the dispatcher's actions can name it.
        Path untouched = dir.resolve("untouched.ndjson");
        Replay.run(folder, untouched, JobConfig.defaults(), SharedCluster.env(2));
        List<DispatchAction> actions = dispatcherMorning(read(untouched));
        Files.write(
                folder.resolve(Stream.DISPATCH_ACTIONS.file()),
                actions.stream().map(Codec::encode).toList());

        Path replayFile = dir.resolve("replayed.ndjson");
        Replay.run(folder, replayFile, JobConfig.defaults(), SharedCluster.env(2));
        Map<String, String> replayed = byId(read(replayFile));

        Map<String, String> live = byId(live(run, actions).values().stream().toList());

        assertThat(live.keySet()).isEqualTo(replayed.keySet());
        for (String id : replayed.keySet()) {
            assertThat(live.get(id)).as(id).isEqualTo(replayed.get(id));
        }
        // The morning had its effects: one incident taken to CLOSED, one acknowledged in time,
        // and the ones nobody acknowledged breached.
        List<Incident> finals = read(replayFile);
        assertThat(finals).anyMatch(i -> i.status() == IncidentStatus.CLOSED);
        assertThat(finals)
                .anyMatch(
                        i ->
                                i.breaches().isEmpty()
                                        && i.timeline().stream()
                                                .anyMatch(t -> t.action().equals("ACK")));
        assertThat(finals)
                .anyMatch(i -> i.breaches().stream().anyMatch(b -> b.kind().equals("ACK")));
        assertThat(Files.readAllLines(Path.of(replayFile + ".rejected")))
                .anyMatch(l -> l.contains("\"reason\":\"illegal-transition\""));
    }

    /**
     * The first flooded underpass is taken through the whole loop; the second is acknowledged
     * within its 15 minutes; the manhole is wrongly closed while open (refused).
     */
    static List<DispatchAction> dispatcherMorning(List<Incident> incidents) {
        List<Incident> floods =
                incidents.stream()
                        .filter(i -> i.rule().equals("WATERLOGGING"))
                        .sorted(Comparator.comparingLong(Incident::openedAt))
                        .toList();
        assertThat(floods).hasSizeGreaterThanOrEqualTo(2);
        Incident first = floods.get(0);
        Incident second = floods.get(1);
        long t = first.openedAt();
        List<DispatchAction> a = new ArrayList<>();
        a.add(
                new DispatchAction(
                        first.id(), t + 2 * MIN, ActionType.ACK, "dispatcher-07", null, "seen"));
        a.add(
                new DispatchAction(
                        first.id(),
                        t + 3 * MIN,
                        ActionType.ASSIGN,
                        "dispatcher-07",
                        "黄浦排水所",
                        null));
        a.add(
                new DispatchAction(
                        first.id(), t + 20 * MIN, ActionType.ARRIVE, "crew-3", null, "pumping"));
        a.add(
                new DispatchAction(
                        first.id(), t + 50 * MIN, ActionType.RESOLVE, "crew-3", null, "drained"));
        a.add(
                new DispatchAction(
                        first.id(),
                        t + 60 * MIN,
                        ActionType.CLOSE,
                        "supervisor-1",
                        null,
                        "checked"));
        a.add(
                new DispatchAction(
                        second.id(),
                        second.openedAt() + 4 * MIN,
                        ActionType.ACK,
                        "dispatcher-02",
                        null,
                        null));
        incidents.stream()
                .filter(i -> i.rule().equals("MANHOLE_COVER"))
                .findFirst()
                .ifPresent(
                        m ->
                                a.add(
                                        new DispatchAction(
                                                m.id(),
                                                m.openedAt() + MIN,
                                                ActionType.CLOSE,
                                                "dispatcher-07",
                                                null,
                                                null)));
        a.sort(Comparator.comparingLong(DispatchAction::ts));
        return a;
    }

    Map<String, Incident> live(SimulationRun run, List<DispatchAction> actions) throws Exception {
        LocalKafka kafka = SharedCluster.kafka();
        String prefix = "live-vs-replay-";
        kafka.createContractTopics(prefix);
        try (KafkaPublisher publisher = new KafkaPublisher(kafka.bootstrap(), prefix)) {
            publisher.publish(run, Double.POSITIVE_INFINITY, p -> {});
        }
        try (var producer =
                new KafkaProducer<>(
                        Map.<String, Object>of(
                                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap()),
                        new StringSerializer(),
                        new StringSerializer())) {
            for (DispatchAction a : actions) {
                producer.send(
                                new ProducerRecord<>(
                                        prefix + Stream.DISPATCH_ACTIONS.topic(),
                                        a.incident(),
                                        Codec.encode(a)))
                        .get();
            }
        }
        JobConfig config =
                JobConfig.defaults()
                        .withKafka(kafka.bootstrap())
                        .withIdleness(Duration.ofSeconds(3))
                        .withRegistryQuiet(Duration.ofSeconds(2));
        StreamExecutionEnvironment env = SharedCluster.env(2);
        env.enableCheckpointing(1000);
        new CityOpsJob(config, new KafkaInputs(prefix), new KafkaOutputs(kafka.bootstrap(), prefix))
                .build(env);
        JobClient job = env.executeAsync("live versus replay");
        try {
            return KafkaIncidents.readUntilCaughtUp(kafka, prefix, config.groupId(), run.truth());
        } finally {
            job.cancel().get();
        }
    }

    static List<Incident> read(Path file) throws Exception {
        return Files.readAllLines(file).stream().map(l -> Codec.decodeIncident(l).value()).toList();
    }

    static Map<String, String> byId(List<Incident> incidents) {
        return incidents.stream()
                .collect(Collectors.toMap(Incident::id, Codec::encode, (a, b) -> a, TreeMap::new));
    }
}
