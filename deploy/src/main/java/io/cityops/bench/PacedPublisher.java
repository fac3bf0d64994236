package io.cityops.bench;

import io.cityops.events.Codec;
import io.cityops.events.Stream;
import io.cityops.sim.SimMessage;
import io.cityops.sim.SimulationRun;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Publishes a city at a fixed rate of events per wall second (not paced by event time), and keeps
 * the broker's append time of every input that can be an incident's evidence: the readings of the
 * facilities the scenario scripts (the background never crosses a threshold), every street order
 * and every weather observation, by {@link #evidenceKey}.
 */
final class PacedPublisher {
    /** What was published: its wall-clock span and the event time it covered. */
    record Published(long events, long startMillis, long endMillis, long firstTs, long lastTs) {
        /** City milliseconds per wall millisecond. */
        double speed() {
            return (lastTs - firstTs) / (double) Math.max(1, endMillis - startMillis);
        }

        double rate() {
            return events * 1000.0 / Math.max(1, endMillis - startMillis);
        }
    }

    final Map<String, Long> appended = new ConcurrentHashMap<>();
    final WatermarkTrace trace;
    private final Producer<String, String> producer;
    private final String prefix;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private boolean tracing;

    PacedPublisher(
            Producer<String, String> producer, String prefix, long boundMs, long idlenessMs) {
        this.producer = producer;
        this.prefix = prefix;
        this.trace =
                new WatermarkTrace(
                        boundMs,
                        idlenessMs,
                        java.util.List.of(
                                prefix + Stream.SENSORS.topic(),
                                prefix + Stream.WEATHER.topic(),
                                prefix + Stream.STREET_ORDERS.topic()),
                        io.cityops.kafka.LocalKafka.PARTITIONS);
    }

    static String evidenceKey(String stream, String ref, long ts) {
        return stream + '|' + ref + '|' + ts;
    }

    /** The registry, as fast as the broker takes it, flushed. */
    Iterator<SimMessage> registry(SimulationRun run) {
        Iterator<SimMessage> it = run.messages();
        while (it.hasNext()) {
            SimMessage m = it.next();
            if (m.stream() != Stream.REGISTRY) {
                producer.flush();
                CityData.check(failure);
                return prepend(m, it);
            }
            send(m, null);
        }
        producer.flush();
        return it;
    }

    /** A message ready to send, and its evidence key if it can be an incident's evidence. */
    record Prepared(SimMessage message, String evidenceKey) {}

    /**
     * The next {@code count} events of {@code it}, made before the clock starts so that generating
     * the city does not take CPU from the job while it is measured.
     */
    static java.util.List<Prepared> prepare(
            Iterator<SimMessage> it, Set<String> scripted, long count) {
        java.util.List<Prepared> out = new java.util.ArrayList<>();
        while (it.hasNext() && out.size() < count) {
            SimMessage m = it.next();
            String ref = evidenceRef(m, scripted);
            out.add(
                    new Prepared(
                            m, ref == null ? null : evidenceKey(m.stream().label(), ref, m.ts())));
        }
        return out;
    }

    /** {@code events} at {@code rate} a second. */
    Published events(java.util.List<Prepared> events, double rate) {
        tracing = true;
        long start = System.nanoTime();
        long startMillis = System.currentTimeMillis();
        long n = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (Prepared p : events) {
            long due = start + (long) (n * 1e9 / rate);
            long now = System.nanoTime();
            if (due - now > 1_000_000) {
                LockSupport.parkNanos(due - now);
            }
            SimMessage m = p.message();
            send(m, p.evidenceKey());
            first = Math.min(first, m.ts());
            last = Math.max(last, m.ts());
            n++;
            if ((n & 0xFFFF) == 0) {
                CityData.check(failure);
            }
        }
        producer.flush();
        CityData.check(failure);
        return new Published(n, startMillis, System.currentTimeMillis(), first, last);
    }

    private static String evidenceRef(SimMessage m, Set<String> scripted) {
        return switch (m.stream()) {
            case SENSORS -> scripted.contains(m.key()) ? m.key() : null;
            case STREET_ORDERS -> {
                var o = Codec.decodeStreetOrder(m.json()).value();
                yield o == null ? null : o.id();
            }
            case WEATHER -> m.key().equals("warning") ? null : m.key();
            default -> null;
        };
    }

    private void send(SimMessage m, String key) {
        boolean traced = tracing;
        producer.send(
                new ProducerRecord<>(prefix + m.stream().topic(), m.key(), m.json()),
                (meta, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                        return;
                    }
                    if (traced) {
                        trace.record(meta.topic(), meta.partition(), meta.timestamp(), m.ts());
                    }
                    if (key != null) {
                        // Two inputs may share a key (one sensor, two metrics, one instant): the
                        // first appended is the earliest an incident could have seen.
                        appended.putIfAbsent(key, meta.timestamp());
                    }
                });
    }

    private static Iterator<SimMessage> prepend(SimMessage head, Iterator<SimMessage> rest) {
        return new Iterator<>() {
            private SimMessage next = head;

            @Override
            public boolean hasNext() {
                return next != null || rest.hasNext();
            }

            @Override
            public SimMessage next() {
                if (next != null) {
                    SimMessage m = next;
                    next = null;
                    return m;
                }
                return rest.next();
            }
        };
    }
}
