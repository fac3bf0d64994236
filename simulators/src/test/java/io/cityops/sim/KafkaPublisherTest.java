package io.cityops.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityops.events.Stream;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

class KafkaPublisherTest {
    private static final SimulationRun RUN =
            new Simulator(
                            Scenario.load("elevator-entrapment"),
                            SimOptions.defaults().facilities(100).durationMs(1_800_000))
                    .run();

    @Test
    void publishesTheRegistryFirstThenEveryStreamToItsTopicWithContractKeys()
            throws InterruptedException {
        MockProducer<String, String> producer =
                new MockProducer<>(true, null, new StringSerializer(), new StringSerializer());
        List<KafkaPublisher.Progress> progress = new ArrayList<>();

        KafkaPublisher.Progress done =
                new KafkaPublisher(producer).publish(RUN, Double.POSITIVE_INFINITY, progress::add);

        List<ProducerRecord<String, String>> sent = producer.history();
        assertThat(done.done()).isTrue();
        assertThat(done.sent()).isEqualTo(sent.size());
        assertThat(progress).last().isEqualTo(done);
        for (int i = 0; i < RUN.registry().size(); i++) {
            assertThat(sent.get(i).topic()).isEqualTo("city.registry");
            assertThat(sent.get(i).key()).isEqualTo(RUN.registry().get(i).id());
        }
        assertThat(sent.subList(RUN.registry().size(), sent.size()))
                .extracting(ProducerRecord::topic)
                .doesNotContain(Stream.REGISTRY.topic())
                .contains("city.sensors", "city.weather", "city.street-orders");
        assertThat(sent)
                .filteredOn(r -> r.topic().equals("city.sensors"))
                .allMatch(r -> r.value().startsWith("{\"sensor\":\"" + r.key() + "\""));
    }

    @Test
    void pacesByEventTimeDividedBySpeed() throws InterruptedException {
        MockProducer<String, String> producer =
                new MockProducer<>(true, null, new StringSerializer(), new StringSerializer());
        long[] now = {1_000_000};
        List<Long> sleeps = new ArrayList<>();
        KafkaPublisher publisher =
                new KafkaPublisher(
                        producer,
                        () -> now[0],
                        ms -> {
                            sleeps.add(ms);
                            now[0] += ms;
                        });

        KafkaPublisher.Progress done = publisher.publish(RUN, 60, p -> {});

        long span = done.eventTs() - firstEventTs();
        // Thirty minutes of event time at 60x is about thirty seconds of (fake) wall time.
        assertThat(sleeps.stream().mapToLong(Long::longValue).sum())
                .isBetween(span / 60 - 1000, span / 60 + 1000);
        assertThat(done.elapsedMs()).isBetween(span / 60 - 1000, span / 60 + 1000);
    }

    private static long firstEventTs() {
        var it = RUN.messages();
        while (it.hasNext()) {
            SimMessage m = it.next();
            if (m.stream() != Stream.REGISTRY) {
                return m.ts();
            }
        }
        throw new AssertionError("no events");
    }
}
