package io.cityops.job.metrics;

import java.util.Map;

/**
 * The city measurements of docs/metrics.md: how each field combines within a bucket and how wide a
 * bucket is. Declared once here, so the writer and the boards agree with the document.
 */
public final class Schema {
    public static final long MINUTE = 60_000;
    public static final long TEN_MINUTES = 600_000;

    /** How the contributions to one field of one bucket combine. */
    public enum Agg {
        /** Counts. */
        SUM,
        /** The highest value seen. */
        MAX,
        /**
         * A gauge kept as a running total of changes: contributions are +1/-1, and the total at the
         * end of each bucket that changed is written.
         */
        GAUGE
    }

    private static final Map<String, Long> WIDTH = Map.of("sensors_online", TEN_MINUTES);

    private static final Map<String, Agg> NOT_SUMMED =
            Map.of(
                    "weather rain_mm_1h", Agg.MAX,
                    "weather wind_ms", Agg.MAX,
                    "weather gust_ms", Agg.MAX,
                    "water_depth depth_cm", Agg.MAX,
                    "incident_times max_s", Agg.MAX,
                    "incident_latency max_ms", Agg.MAX,
                    "open_incidents count", Agg.GAUGE);

    private Schema() {}

    /** The bucket width of a measurement, in ms. */
    public static long width(String measurement) {
        return WIDTH.getOrDefault(measurement, MINUTE);
    }

    public static Agg agg(String measurement, String field) {
        return NOT_SUMMED.getOrDefault(measurement + " " + field, Agg.SUM);
    }

    /** The start of the bucket of {@code measurement} that holds {@code ts}. */
    public static long bucket(String measurement, long ts) {
        long w = width(measurement);
        return ts - Math.floorMod(ts, w);
    }

    /**
     * A series key in line protocol, {@code measurement,tag=value,...}: tags given as name, value
     * pairs in name order (InfluxDB's own order, so a series has one key); null values are left
     * out.
     */
    public static String series(String measurement, String... tags) {
        StringBuilder b = new StringBuilder(measurement);
        for (int i = 0; i < tags.length; i += 2) {
            String v = tags[i + 1];
            if (v == null || v.isEmpty()) {
                continue;
            }
            b.append(',').append(tags[i]).append('=');
            escapeTag(v, b);
        }
        return b.toString();
    }

    /** The key of one field of a series: {@code series field}. */
    public static String key(String series, String field) {
        return series + ' ' + field;
    }

    /** The measurement a key or series belongs to. */
    public static String measurement(String key) {
        int end = key.length();
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == ',' || c == ' ') {
                end = i;
                break;
            }
        }
        return key.substring(0, end);
    }

    /** The field a key names (after its last unescaped space). */
    static String field(String key) {
        return key.substring(key.lastIndexOf(' ') + 1);
    }

    /** One line of line protocol: the key's series and field, the value, the time in ms. */
    static String line(String key, double value, long ts) {
        StringBuilder b = new StringBuilder(key.length() + 32).append(key).append('=');
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            b.append((long) value); // still a float to InfluxDB: no 'i' suffix
        } else {
            b.append(
                    new java.math.BigDecimal(value)
                            .round(java.math.MathContext.DECIMAL64)
                            .toPlainString());
        }
        return b.append(' ').append(ts).toString();
    }

    private static void escapeTag(String v, StringBuilder b) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == ',' || c == '=' || c == ' ') {
                b.append('\\').append(c);
            } else if (c == '\\' || c == '\n' || c == '\r') {
                b.append('_'); // a backslash would escape what follows it; a line break ends the
                // point
            } else {
                b.append(c);
            }
        }
    }
}
