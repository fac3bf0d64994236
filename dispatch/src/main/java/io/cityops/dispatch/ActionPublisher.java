package io.cityops.dispatch;

import io.cityops.events.Codec;
import io.cityops.events.DispatchAction;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Sends dispatch actions to {@code city.dispatch-actions}, keyed by incident id so that the actions
 * on one incident stay in order. The console changes nothing itself: the job applies the action (or
 * rejects it) and the new incident version comes back through the incidents topic.
 */
final class ActionPublisher implements AutoCloseable {
    private final KafkaProducer<String, String> producer;
    private final String topic;

    ActionPublisher(ConsoleConfig config) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "10000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "cityops-console");
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
        this.topic = config.actionsTopic();
    }

    /** Returns once the broker has the action; throws if it could not be stored in time. */
    void send(DispatchAction a) throws Exception {
        producer.send(new ProducerRecord<>(topic, a.incident(), Codec.encode(a)))
                .get(15, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
