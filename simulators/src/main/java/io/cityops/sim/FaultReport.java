package io.cityops.sim;

import io.cityops.events.Reasons;
import io.cityops.events.Stream;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How many faults a run injected, by kind and stream. Kinds are the dead-letter reasons they must
 * cause ({@code invalid-json}, {@code missing-field}, {@code wrong-type}, {@code unknown-sensor}),
 * plus {@code duplicate} (ignored and counted, not dead-lettered) and {@code late} (held back by at
 * most {@code disorderSec}: dead-lettered as late only by a monitor that allows less lateness).
 */
public final class FaultReport {
    public static final String DUPLICATE = "duplicate";
    public static final String LATE = "late";
    static final String[] KINDS = {
        Reasons.INVALID_JSON,
        Reasons.MISSING_FIELD,
        Reasons.WRONG_TYPE,
        Reasons.UNKNOWN_SENSOR,
        DUPLICATE,
        LATE
    };

    private final int disorderSec;
    private final Map<String, Map<String, Long>> counts = new LinkedHashMap<>();

    FaultReport(int disorderSec) {
        this.disorderSec = disorderSec;
        for (String k : KINDS) {
            Map<String, Long> byStream = new LinkedHashMap<>();
            for (Stream s : Stream.values()) {
                byStream.put(s.label(), 0L);
            }
            counts.put(k, byStream);
        }
    }

    void count(String kind, Stream stream) {
        counts.get(kind).merge(stream.label(), 1L, Long::sum);
    }

    /** Injected faults of a kind, over all streams. */
    public long count(String kind) {
        Map<String, Long> m = counts.get(kind);
        if (m == null) {
            throw new IllegalArgumentException("no fault kind '" + kind + "'");
        }
        return m.values().stream().mapToLong(Long::longValue).sum();
    }

    public long count(String kind, String streamLabel) {
        return counts.get(kind).getOrDefault(streamLabel, 0L);
    }

    /** Messages a conforming monitor must dead-letter, whatever its lateness allowance. */
    public long deadLetters() {
        return count(Reasons.INVALID_JSON)
                + count(Reasons.MISSING_FIELD)
                + count(Reasons.WRONG_TYPE)
                + count(Reasons.UNKNOWN_SENSOR);
    }

    public int disorderSec() {
        return disorderSec;
    }

    String toJson() {
        Json totals = Json.object();
        for (String k : KINDS) {
            totals.num(k, count(k));
        }
        Json byStream = Json.object();
        for (String k : KINDS) {
            Json s = Json.object();
            counts.get(k)
                    .forEach(
                            (stream, n) -> {
                                if (n > 0) {
                                    s.num(stream, n);
                                }
                            });
            byStream.raw(k, s.done());
        }
        return Json.object()
                .raw("injected", totals.done())
                .num("deadLetters", deadLetters())
                .num("disorderSec", (long) disorderSec)
                .raw("byStream", byStream.done())
                .done();
    }
}
