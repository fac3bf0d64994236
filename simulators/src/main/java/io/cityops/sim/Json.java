package io.cityops.sim;

import java.util.List;

/**
 * Writes one JSON object as one line: fields in the order they are added, no whitespace, strings
 * escaped per RFC 8259. Doubles use {@link Double#toString(double)} and integers are written as
 * integers, so the same values always give the same bytes. A stand-in until the events module's
 * Codec is available.
 */
public final class Json {
    private final StringBuilder sb = new StringBuilder(160).append('{');
    private boolean empty = true;

    public static Json object() {
        return new Json();
    }

    public Json str(String name, String value) {
        key(name);
        if (value == null) {
            sb.append("null");
        } else {
            quote(sb, value);
        }
        return this;
    }

    public Json num(String name, long value) {
        key(name);
        sb.append(value);
        return this;
    }

    public Json num(String name, double value) {
        key(name);
        appendDouble(sb, value);
        return this;
    }

    /** A nullable double. */
    public Json num(String name, Double value) {
        if (value == null) {
            return nul(name);
        }
        return num(name, value.doubleValue());
    }

    /** A nullable integer. */
    public Json num(String name, Long value) {
        if (value == null) {
            return nul(name);
        }
        return num(name, value.longValue());
    }

    public Json strings(String name, List<String> values) {
        key(name);
        sb.append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            quote(sb, values.get(i));
        }
        sb.append(']');
        return this;
    }

    public Json nul(String name) {
        key(name);
        sb.append("null");
        return this;
    }

    /** A value that is already JSON text (a nested object written by another {@code Json}). */
    public Json raw(String name, String json) {
        key(name);
        sb.append(json);
        return this;
    }

    /** The object's text, without a line break. */
    public String done() {
        return sb.append('}').toString();
    }

    private void key(String name) {
        if (!empty) {
            sb.append(',');
        }
        empty = false;
        quote(sb, name);
        sb.append(':');
    }

    static void appendDouble(StringBuilder sb, double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("JSON has no number for " + v);
        }
        sb.append(Double.toString(v));
    }

    /** Appends {@code s} as a JSON string. U+2028/2029 are escaped too, for JavaScript readers. */
    static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
