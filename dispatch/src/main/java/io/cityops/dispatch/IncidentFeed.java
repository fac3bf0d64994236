package io.cityops.dispatch;

import io.cityops.events.Codec;
import io.cityops.events.DeadLetter;
import io.cityops.events.Decoded;
import io.cityops.events.DispatchAction;
import io.cityops.events.Incident;
import io.cityops.events.Stream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Feeds the {@link IncidentView} from Kafka: the incidents topic from its beginning (compacted, so
 * that is the latest version of every incident), the dispatch actions for the timelines and the
 * actions the job refused (dead letters of the dispatch-actions stream), and the escalations topic
 * when it exists (it is an extension; the feed looks for it again every {@link #RECHECK} until it
 * appears). One thread, one consumer, no consumer group: every console reads everything and commits
 * nothing.
 */
final class IncidentFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IncidentFeed.class);
    private static final Duration RECHECK = Duration.ofSeconds(10);

    /** How long start-up may take to reach Kafka and read the incidents topic to its end. */
    static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(2);

    private final ConsoleConfig config;
    private final IncidentView view;
    private final KafkaConsumer<String, String> consumer;
    private final CompletableFuture<Void> caughtUp = new CompletableFuture<>();
    private final Thread thread;
    private volatile boolean running = true;
    final AtomicLong rejected = new AtomicLong();

    IncidentFeed(ConsoleConfig config, IncidentView view) {
        this.config = config;
        this.view = view;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "cityops-console");
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
        this.thread = new Thread(this::run, "console-feed");
        this.thread.setDaemon(true);
    }

    /** Starts reading and returns once the view holds everything the topics held at start. */
    void start() throws Exception {
        thread.start();
        try {
            caughtUp.get(CATCH_UP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw (e.getCause() instanceof Exception x) ? x : e;
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "could not read "
                            + config.incidentsTopic()
                            + " from Kafka at "
                            + config.kafka()
                            + " within "
                            + CATCH_UP_TIMEOUT.toSeconds()
                            + " s; is the broker up?");
        }
    }

    private void run() {
        try {
            List<TopicPartition> assigned = new ArrayList<>(initialPartitions());
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            // Start-up waits for what the view is built from, not for the dead letters.
            Map<TopicPartition, Long> end =
                    consumer.endOffsets(
                            assigned.stream()
                                    .filter(tp -> !tp.topic().equals(config.deadLetterTopic()))
                                    .toList());
            boolean escalations = assigned.stream().anyMatch(this::isEscalations);
            long nextCheck = System.nanoTime() + RECHECK.toNanos();
            while (running) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(250))) {
                    apply(r);
                }
                if (!caughtUp.isDone() && reached(end)) {
                    view.markCaughtUp();
                    LOG.info("console view built: {} incidents", view.size());
                    caughtUp.complete(null);
                }
                if (!escalations && System.nanoTime() > nextCheck) {
                    nextCheck = System.nanoTime() + RECHECK.toNanos();
                    List<TopicPartition> more = partitions(config.escalationsTopic());
                    if (!more.isEmpty()) {
                        assigned.addAll(more);
                        consumer.assign(assigned);
                        consumer.seekToBeginning(more);
                        escalations = true;
                        LOG.info("reading escalations from {}", config.escalationsTopic());
                    }
                }
            }
        } catch (WakeupException | InterruptException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("console feed stopped: {}", e.toString());
            caughtUp.completeExceptionally(
                    new IllegalStateException(
                            "cannot read from Kafka at " + config.kafka() + ": " + e.getMessage(),
                            e));
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private List<TopicPartition> initialPartitions() {
        List<TopicPartition> incidents = partitions(config.incidentsTopic());
        if (incidents.isEmpty()) {
            throw new IllegalStateException(
                    "topic "
                            + config.incidentsTopic()
                            + " does not exist on "
                            + config.kafka()
                            + "; start the monitor first (cityops run) or create the contract's topics");
        }
        List<TopicPartition> all = new ArrayList<>(incidents);
        all.addAll(partitions(config.actionsTopic()));
        all.addAll(partitions(config.escalationsTopic()));
        all.addAll(partitions(config.deadLetterTopic()));
        return all;
    }

    private List<TopicPartition> partitions(String topic) {
        List<PartitionInfo> infos = consumer.listTopics().get(topic);
        if (infos == null) {
            return List.of();
        }
        return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private boolean isEscalations(TopicPartition tp) {
        return tp.topic().equals(config.escalationsTopic());
    }

    private void apply(ConsumerRecord<String, String> r) {
        String topic = r.topic();
        if (topic.equals(config.incidentsTopic())) {
            if (r.value() == null) {
                if (r.key() != null) {
                    view.remove(r.key());
                }
                return;
            }
            Decoded<Incident> d = Codec.decodeIncident(r.value());
            if (d.value() == null) {
                reject(r, String.valueOf(d.rejection()));
                return;
            }
            view.apply(d.value());
        } else if (topic.equals(config.actionsTopic())) {
            Decoded<DispatchAction> d = Codec.decodeDispatchAction(r.value());
            if (d.value() != null) {
                view.applyAction(d.value());
            }
        } else if (topic.equals(config.deadLetterTopic())) {
            rejectedAction(r.value());
        } else if (isEscalations(new TopicPartition(topic, r.partition()))) {
            Escalation.parse(r.value())
                    .ifPresentOrElse(view::applyEscalation, () -> reject(r, "not an escalation"));
        }
    }

    /** A dead letter of a dispatch action, put on its incident's timeline; others are skipped. */
    private void rejectedAction(String raw) {
        // Most dead letters are sensor noise: look at the stream before decoding the whole.
        if (raw == null || !raw.contains("\"dispatch-actions\"")) {
            return;
        }
        DeadLetter d = Codec.decodeDeadLetter(raw).value();
        if (d == null || !Stream.DISPATCH_ACTIONS.label().equals(d.stream())) {
            return;
        }
        DispatchAction a = Codec.decodeDispatchAction(d.raw()).value();
        if (a != null) {
            view.applyRejection(a, d.reason(), d.detail());
        }
    }

    private void reject(ConsumerRecord<String, String> r, String why) {
        rejected.incrementAndGet();
        LOG.warn("ignored {}@{}/{}: {}", r.topic(), r.partition(), r.offset(), why);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(5000);
    }
}
