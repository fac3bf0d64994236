package io.cityops.sim;

import io.cityops.events.Reasons;
import io.cityops.events.Stream;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Adds faults to the merged message stream, deterministically for the seed, and counts them. Faults
 * never remove a good message for good, so the truth is the same with or without them: malformed
 * lines, unknown sensors and duplicates are extra lines; a late reading is only held back, from
 * background sensors, never two of one sensor at once (so even a monitor that drops it sees a gap
 * of at most 2.2 intervals, well short of going offline).
 */
final class FaultInjector implements Iterator<SimMessage> {
    private record Held(long release, long seq, SimMessage msg) {}

    private final Iterator<SimMessage> in;
    private final FaultOptions options;
    private final Set<String> known;
    private final Set<String> scripted;
    private final FaultReport report;
    private final SplittableRandom rng;
    private final PriorityQueue<Held> held =
            new PriorityQueue<>(
                    (a, b) ->
                            a.release != b.release
                                    ? Long.compare(a.release, b.release)
                                    : Long.compare(a.seq, b.seq));
    private final Set<String> heldSensors = new HashSet<>();
    private final ArrayDeque<SimMessage> out = new ArrayDeque<>();
    private long seq;

    FaultInjector(
            Iterator<SimMessage> in,
            FaultOptions options,
            long seed,
            Set<String> known,
            Set<String> scripted,
            FaultReport report) {
        this.in = in;
        this.options = options;
        this.known = known;
        this.scripted = scripted;
        this.report = report;
        this.rng = Seeds.random(seed, Seeds.FAULTS, 0);
    }

    @Override
    public boolean hasNext() {
        fill();
        return !out.isEmpty();
    }

    @Override
    public SimMessage next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return out.poll();
    }

    private void fill() {
        while (out.isEmpty()) {
            if (!in.hasNext()) {
                while (!held.isEmpty()) {
                    release(held.poll());
                }
                return;
            }
            SimMessage m = in.next();
            while (!held.isEmpty() && held.peek().release <= m.ts()) {
                release(held.poll());
            }
            if (m.stream() == Stream.REGISTRY) {
                out.add(m);
                continue;
            }
            // Every draw happens for every message, so one kind's rate never shifts another's.
            double uLate = rng.nextDouble();
            double uMalformed = rng.nextDouble();
            double uUnknown = rng.nextDouble();
            double uDuplicate = rng.nextDouble();
            int variant = rng.nextInt(3);
            long delay = 1000 + (long) (rng.nextDouble() * (options.disorderSec() - 1) * 1000);
            int unknownSeq = rng.nextInt(1000);
            boolean sensor = m.stream() == Stream.SENSORS;
            if (sensor
                    && uLate < options.late()
                    && !scripted.contains(m.key())
                    && heldSensors.add(m.key())) {
                report.count(FaultReport.LATE, m.stream());
                held.add(new Held(m.ts() + delay, seq++, m));
            } else {
                out.add(m);
            }
            boolean corruptible = !(m.stream() == Stream.WEATHER && m.key().equals("warning"));
            if (uMalformed < options.malformed() && corruptible) {
                out.add(malformed(m, variant));
            }
            if (sensor && uUnknown < options.unknown()) {
                out.add(unknown(m, unknownSeq));
            }
            if (m.stream() == Stream.STREET_ORDERS && uDuplicate < options.duplicates()) {
                report.count(FaultReport.DUPLICATE, m.stream());
                held.add(new Held(m.ts() + delay, seq++, m));
            }
        }
    }

    private void release(Held h) {
        heldSensors.remove(h.msg.stream() == Stream.SENSORS ? h.msg.key() : "");
        out.add(h.msg);
    }

    private SimMessage malformed(SimMessage m, int variant) {
        String json = m.json();
        String bad;
        String kind;
        switch (variant) {
            case 0 -> {
                kind = Reasons.INVALID_JSON;
                bad = json.substring(0, json.length() / 2);
            }
            case 1 -> {
                kind = Reasons.MISSING_FIELD;
                bad =
                        drop(
                                json,
                                switch (m.stream()) {
                                    case SENSORS -> "value";
                                    case STREET_ORDERS -> "category";
                                    default -> "station";
                                });
            }
            default -> {
                kind = Reasons.WRONG_TYPE;
                bad =
                        m.stream() == Stream.SENSORS
                                ? json.replaceFirst("\"value\":[^,}]+", "\"value\":\"high\"")
                                : json.replaceFirst("\"ts\":(\\d+)", "\"ts\":\"$1 ms\"");
            }
        }
        report.count(kind, m.stream());
        return new SimMessage(m.stream(), m.key(), bad, m.ts());
    }

    /** Removes a field whose value holds no comma (a number, an enum or an id). */
    static String drop(String json, String field) {
        String marker = "\"" + field + "\":";
        int at = json.indexOf(marker);
        int endComma = json.indexOf(',', at);
        int endBrace = json.indexOf('}', at);
        if (endComma >= 0 && endComma < endBrace) {
            return json.substring(0, at) + json.substring(endComma + 1);
        }
        return json.substring(0, at - 1) + json.substring(endBrace);
    }

    private SimMessage unknown(SimMessage m, int n) {
        String id = m.key();
        String fake;
        do {
            fake = id.substring(0, id.lastIndexOf('-') + 1) + (9000 + n);
            n = (n + 1) % 1000;
        } while (known.contains(fake));
        report.count(Reasons.UNKNOWN_SENSOR, m.stream());
        String json =
                Json.object()
                        .str("sensor", fake)
                        .num("ts", m.ts())
                        .str("metric", "heartbeat")
                        .num("value", 0.0)
                        .done();
        return new SimMessage(m.stream(), fake, json, m.ts());
    }
}
