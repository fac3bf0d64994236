package io.cityops.bench;

import io.cityops.events.Stream;
import io.cityops.sim.SimMessage;
import io.cityops.sim.SimulationRun;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Loads a simulated city into the broker as fast as it takes it, and, when asked, writes the same
 * messages as a replay folder in the same pass.
 */
final class CityData {
    /** What was loaded: messages per stream and the event-time span of the events. */
    record Loaded(Map<Stream, Long> counts, long firstTs, long lastTs, double seconds) {
        long registry() {
            return counts.getOrDefault(Stream.REGISTRY, 0L);
        }

        long total() {
            return counts.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Everything but the registry. */
        long events() {
            return total() - registry();
        }
    }

    private CityData() {}

    static Producer<String, String> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "1");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(128L << 20));
        // lz4 is not on the class path (it clashes with Flink's copy): no compression.
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "600000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "600000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "120000");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    /**
     * Publishes every message of {@code run} to the topics behind {@code prefix}; also writes them
     * to {@code replayDir} when it is not null.
     */
    static Loaded load(
            SimulationRun run, String bootstrap, String prefix, Path replayDir, Progress progress)
            throws IOException {
        long started = System.nanoTime();
        Map<Stream, Long> counts = new EnumMap<>(Stream.class);
        Map<Stream, Writer> files = new EnumMap<>(Stream.class);
        AtomicReference<Exception> failure = new AtomicReference<>();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long lastReport = System.nanoTime();
        try (Producer<String, String> producer = producer(bootstrap)) {
            if (replayDir != null) {
                Files.createDirectories(replayDir);
                for (Stream s :
                        new Stream[] {
                            Stream.REGISTRY, Stream.STREET_ORDERS, Stream.WEATHER, Stream.SENSORS
                        }) {
                    files.put(
                            s,
                            new BufferedWriter(
                                    Files.newBufferedWriter(
                                            replayDir.resolve(s.file()), StandardCharsets.UTF_8),
                                    1 << 20));
                }
            }
            for (Iterator<SimMessage> it = run.messages(); it.hasNext(); ) {
                SimMessage m = it.next();
                producer.send(
                        new ProducerRecord<>(prefix + m.stream().topic(), m.key(), m.json()),
                        (meta, e) -> {
                            if (e != null) {
                                failure.compareAndSet(null, e);
                            }
                        });
                Writer w = files.get(m.stream());
                if (w != null) {
                    w.write(m.json());
                    w.write('\n');
                }
                counts.merge(m.stream(), 1L, Long::sum);
                if (m.stream() != Stream.REGISTRY) {
                    first = Math.min(first, m.ts());
                    last = Math.max(last, m.ts());
                }
                if (System.nanoTime() - lastReport > 10e9) {
                    lastReport = System.nanoTime();
                    progress.say(
                            "  loaded %,d messages",
                            counts.values().stream().mapToLong(Long::longValue).sum());
                    check(failure);
                }
            }
            producer.flush();
            check(failure);
        } finally {
            for (Writer w : files.values()) {
                w.close();
            }
        }
        return new Loaded(counts, first, last, (System.nanoTime() - started) / 1e9);
    }

    static void check(AtomicReference<Exception> failure) {
        if (failure.get() != null) {
            throw new IllegalStateException(
                    "the broker refused a message: " + failure.get().getMessage(), failure.get());
        }
    }
}
