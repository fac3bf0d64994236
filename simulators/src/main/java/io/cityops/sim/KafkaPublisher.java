package io.cityops.sim;

import io.cityops.events.Stream;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Iterator;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Publishes a run to Kafka: the registry first (flushed, so the job can load it before any
 * reading), then every message to its stream's topic, paced by event time at {@code speed} × real
 * time relative to the first event, or as fast as possible when speed is infinite. Reports progress
 * every {@value #PROGRESS_MS} ms of wall time and at the end.
 */
public final class KafkaPublisher implements AutoCloseable {
    static final long PROGRESS_MS = 5000;
    private static final Logger LOG = LoggerFactory.getLogger(KafkaPublisher.class);

    /** Progress so far: messages sent (registry included) and the event time reached. */
    public record Progress(long sent, long eventTs, long elapsedMs, boolean done) {}

    /** Sleeps for a number of ms; swapped in tests. */
    interface Sleeper {
        void sleep(long ms) throws InterruptedException;
    }

    private final Producer<String, String> producer;
    private final String topicPrefix;
    private final LongSupplier clockMs;
    private final Sleeper sleeper;

    public KafkaPublisher(String bootstrap) {
        this(bootstrap, "");
    }

    /** To the contract's topic names behind a prefix (tests share one broker between scenarios). */
    public KafkaPublisher(String bootstrap, String topicPrefix) {
        this(
                new KafkaProducer<>(config(bootstrap)),
                System::currentTimeMillis,
                Thread::sleep,
                topicPrefix);
    }

    /** With a given producer (e.g. Kafka's MockProducer in tests). */
    public KafkaPublisher(Producer<String, String> producer) {
        this(producer, System::currentTimeMillis, Thread::sleep, "");
    }

    KafkaPublisher(Producer<String, String> producer, LongSupplier clockMs, Sleeper sleeper) {
        this(producer, clockMs, sleeper, "");
    }

    KafkaPublisher(
            Producer<String, String> producer,
            LongSupplier clockMs,
            Sleeper sleeper,
            String topicPrefix) {
        this.producer = producer;
        this.topicPrefix = topicPrefix;
        this.clockMs = clockMs;
        this.sleeper = sleeper;
    }

    static Properties config(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        // One request in flight: a broker accepts any sequence number from a producer it has not
        // seen on a partition, so when the first batch to a just-created partition is refused
        // (NOT_LEADER while the broker is still taking the partition on) and a later batch in
        // flight lands, the first one is out of order for good and expires ten minutes later.
        // Seen in the scenario tests; with one request at a time the retry goes first.
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        // A publisher that waits for a busy broker is better than one that drops the city's
        // readings after the default two minutes: wait up to ten.
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "600000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "120000");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "600000");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        // lz4 is excluded from the classpath (it clashes with Flink's copy), so no compression.
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return p;
    }

    /**
     * Sends the run and returns the final progress.
     *
     * @param speed event-time ms per wall-clock ms; {@link Double#POSITIVE_INFINITY} for as fast as
     *     possible
     */
    public Progress publish(SimulationRun run, double speed, Consumer<Progress> progress)
            throws InterruptedException {
        return publish(run.messages(), run.start(), speed, progress);
    }

    /**
     * Sends messages that come as a run's do: registry entries first, then events in event-time
     * order (an archive re-published by {@code cityops replay --to-kafka}).
     *
     * @param startTs the event time reported before the first event is sent
     */
    public Progress publish(
            Iterator<SimMessage> messages, long startTs, double speed, Consumer<Progress> progress)
            throws InterruptedException {
        if (!(speed > 0)) {
            throw new IllegalArgumentException(
                    "speed must be positive (or infinite for max), was " + speed);
        }
        AtomicReference<Exception> failure = new AtomicReference<>();
        long wallStart = clockMs.getAsLong();
        long lastReport = wallStart;
        long firstEventTs = Long.MIN_VALUE;
        long sent = 0;
        long eventTs = startTs;
        boolean registryFlushed = false;
        for (Iterator<SimMessage> it = messages; it.hasNext(); ) {
            SimMessage m = it.next();
            if (m.stream() != Stream.REGISTRY) {
                if (!registryFlushed) {
                    producer.flush();
                    registryFlushed = true;
                    check(failure);
                    wallStart = clockMs.getAsLong();
                }
                if (firstEventTs == Long.MIN_VALUE) {
                    firstEventTs = m.ts();
                }
                eventTs = Math.max(eventTs, m.ts());
                if (!Double.isInfinite(speed)) {
                    long due = wallStart + (long) ((m.ts() - firstEventTs) / speed);
                    long wait = due - clockMs.getAsLong();
                    if (wait > 0) {
                        sleeper.sleep(wait);
                    }
                }
            }
            producer.send(
                    new ProducerRecord<>(topicPrefix + m.stream().topic(), m.key(), m.json()),
                    (meta, e) -> {
                        if (e != null) {
                            failure.compareAndSet(null, e);
                        }
                    });
            sent++;
            long now = clockMs.getAsLong();
            if (now - lastReport >= PROGRESS_MS) {
                lastReport = now;
                check(failure);
                Progress p = new Progress(sent, eventTs, now - wallStart, false);
                LOG.info(
                        "sent {} messages, event time {}",
                        p.sent(),
                        java.time.Instant.ofEpochMilli(p.eventTs()));
                progress.accept(p);
            }
        }
        producer.flush();
        check(failure);
        Progress done = new Progress(sent, eventTs, clockMs.getAsLong() - wallStart, true);
        LOG.info(
                "done: sent {} messages up to event time {}",
                done.sent(),
                java.time.Instant.ofEpochMilli(done.eventTs()));
        progress.accept(done);
        return done;
    }

    private static void check(AtomicReference<Exception> failure) {
        Exception e = failure.get();
        if (e != null) {
            throw new IllegalStateException("Kafka rejected a message: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
