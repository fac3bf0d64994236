package io.cityops.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * The streaming-JSON plumbing under {@link Codec}: one shared factory, a reader that captures the
 * known fields of one object, and typed checks that turn a captured value into a Java value or a
 * {@link Reject}.
 *
 * <p>Fields are captured first and checked afterwards, in the contract's order, so that a message's
 * rejection does not depend on the order its sender wrote the keys in, and so that invalid JSON
 * always wins over a field-level problem.
 */
final class Json {

    /**
     * Jackson's parser is already strict (no comments, single quotes, NaN or leading zeros); the
     * nesting limit keeps a hostile message from costing stack and time.
     */
    static final JsonFactory FACTORY =
            JsonFactory.builder()
                    .streamReadConstraints(
                            StreamReadConstraints.builder()
                                    .maxNestingDepth(Codec.MAX_NESTING_DEPTH)
                                    .build())
                    .build();

    /** Offending values quoted in a detail are cut to this many chars. */
    private static final int MAX_SHOWN_CHARS = 64;

    private Json() {}

    /**
     * A rejection travelling up to the decoder's entry point. Control flow, not a bug: no stack
     * trace is filled in, so rejecting is as cheap as accepting.
     */
    static final class Reject extends Exception {
        final String reason;
        final String detail;

        Reject(String reason, String detail) {
            super(reason + ": " + detail, null, false, false);
            this.reason = reason;
            this.detail = detail;
        }

        <T> Decoded<T> decoded() {
            return Decoded.rejected(reason, detail);
        }
    }

    /**
     * One captured JSON value. Arrays of top-level fields keep their elements, objects inside those
     * arrays keep their members; anything deeper is only typed, never kept, as no contract message
     * needs it.
     */
    static final class Value {
        static final Value NULL = new Value(JsonToken.VALUE_NULL);
        static final Value TRUE = new Value(JsonToken.VALUE_TRUE);
        static final Value FALSE = new Value(JsonToken.VALUE_FALSE);
        static final Value SKIPPED_ARRAY = new Value(JsonToken.START_ARRAY);
        static final Value SKIPPED_OBJECT = new Value(JsonToken.START_OBJECT);

        final JsonToken token;

        /** A string's text, or the literal of an integer too large for a long. */
        final String text;

        final long longValue;
        final double doubleValue;

        /** An integer token whose value does not fit a long. */
        final boolean big;

        final List<Value> elements;
        final Map<String, Value> members;

        private Value(
                JsonToken token,
                String text,
                long longValue,
                double doubleValue,
                boolean big,
                List<Value> elements,
                Map<String, Value> members) {
            this.token = token;
            this.text = text;
            this.longValue = longValue;
            this.doubleValue = doubleValue;
            this.big = big;
            this.elements = elements;
            this.members = members;
        }

        private Value(JsonToken token) {
            this(token, null, 0, 0, false, null, null);
        }

        boolean isNull() {
            return token == JsonToken.VALUE_NULL;
        }
    }

    /** The captured known fields of one object, checked by index; a name per index for details. */
    static final class Fields {
        private final Value[] values;
        private final String[] names;

        Fields(Value[] values, String[] names) {
            this.values = values;
            this.names = names;
        }

        Value get(int i) {
            return values[i];
        }

        String name(int i) {
            return names[i];
        }

        /** Whether the field is present and not JSON null. */
        boolean has(int i) {
            return values[i] != null && !values[i].isNull();
        }

        String id(int i) throws Reject {
            return Json.string(values[i], names[i], Codec.MAX_ID_CHARS);
        }

        String optionalId(int i) throws Reject {
            return Json.optionalString(values[i], names[i], Codec.MAX_ID_CHARS);
        }

        String string(int i, int maxChars) throws Reject {
            return Json.string(values[i], names[i], maxChars);
        }

        String optionalString(int i, int maxChars) throws Reject {
            return Json.optionalString(values[i], names[i], maxChars);
        }

        long ts(int i) throws Reject {
            return Json.ts(values[i], names[i]);
        }

        Long optionalTs(int i) throws Reject {
            return has(i) ? Json.ts(values[i], names[i]) : null;
        }

        long integer(int i, long min, long max) throws Reject {
            return Json.integer(values[i], names[i], min, max);
        }

        double number(int i) throws Reject {
            return Json.number(values[i], names[i]);
        }

        Double optionalNumber(int i, double min, double max) throws Reject {
            if (!has(i)) {
                return null;
            }
            double d = Json.number(values[i], names[i]);
            range(d, names[i], min, max);
            return d;
        }

        <E extends Enum<E>> E enumValue(int i, Map<String, E> byName) throws Reject {
            return Json.enumValue(values[i], names[i], byName);
        }

        String district(int i) throws Reject {
            return Json.district(values[i], names[i]);
        }

        /** A street-town code that must belong to {@code district}; null when absent. */
        String optionalStreet(int i, String district) throws Reject {
            String street = optionalString(i, Codec.MAX_ID_CHARS);
            if (street != null && !Districts.isStreetOf(street, district)) {
                throw new Reject(
                        Reasons.UNKNOWN_VALUE,
                        names[i] + "=" + show(street) + " is not a street-town of " + district);
            }
            return street;
        }

        /** Latitude and longitude at indexes {@code lat} and {@code lon}, inside Shanghai. */
        double[] position(int lat, int lon) throws Reject {
            double la = number(lat);
            double lo = number(lon);
            if (!Districts.inShanghai(la, lo)) {
                boolean latInside = la >= Districts.MIN_LAT && la <= Districts.MAX_LAT;
                throw new Reject(
                        Reasons.OUT_OF_RANGE,
                        latInside ? names[lon] + "=" + lo : names[lat] + "=" + la);
            }
            return new double[] {la, lo};
        }

        /** A required array; its elements are checked by the caller. */
        List<Value> array(int i) throws Reject {
            return Json.array(values[i], names[i]);
        }
    }

    /**
     * A message's field names, checked against its name-to-index switch once, when the decoder
     * class loads, so that the two lists cannot drift apart silently.
     */
    static String[] fields(ToIntFunction<String> index, String... names) {
        for (int i = 0; i < names.length; i++) {
            if (index.applyAsInt(names[i]) != i) {
                throw new IllegalStateException(
                        "field "
                                + names[i]
                                + " is at "
                                + i
                                + " but its switch says "
                                + index.applyAsInt(names[i]));
            }
        }
        return names;
    }

    /**
     * Reads {@code raw} as exactly one JSON object (after a size check) and captures the fields
     * that {@code index} maps to 0..names.length-1; other fields are skipped, subtrees and all.
     */
    static Fields read(String raw, int maxBytes, String[] names, ToIntFunction<String> index)
            throws Reject {
        checkSize(raw, maxBytes);
        Value[] values = new Value[names.length];
        try (JsonParser p = FACTORY.createParser(raw)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new Reject(Reasons.INVALID_JSON, "empty message");
            }
            if (t != JsonToken.START_OBJECT) {
                throw new Reject(Reasons.INVALID_JSON, "expected an object, got " + typeName(t));
            }
            while ((t = next(p)) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                next(p);
                int i = index.applyAsInt(name);
                if (i < 0) {
                    p.skipChildren();
                } else if (values[i] != null) {
                    throw new Reject(Reasons.INVALID_JSON, "duplicate field " + show(name));
                } else {
                    values[i] = capture(p, 1);
                }
            }
            if (t != JsonToken.END_OBJECT) {
                throw new Reject(Reasons.INVALID_JSON, "malformed object");
            }
            if (p.nextToken() != null) {
                throw new Reject(Reasons.INVALID_JSON, "trailing content after the object");
            }
        } catch (JsonProcessingException e) {
            throw new Reject(Reasons.INVALID_JSON, describe(e));
        } catch (IOException e) {
            throw new UncheckedIOException("reading from a String cannot fail", e);
        }
        return new Fields(values, names);
    }

    /** The next token; the end of input inside an object or array is a truncated message. */
    private static JsonToken next(JsonParser p) throws IOException, Reject {
        JsonToken t = p.nextToken();
        if (t == null) {
            throw new Reject(Reasons.INVALID_JSON, "truncated message");
        }
        return t;
    }

    /**
     * Captures the value at the parser's current token. Level 1 is a top-level field, level 2 an
     * element of its array, level 3 a member of such an element.
     */
    private static Value capture(JsonParser p, int level) throws IOException, Reject {
        JsonToken t = p.currentToken();
        switch (t) {
            case VALUE_STRING:
                return new Value(t, p.getText(), 0, 0, false, null, null);
            case VALUE_NUMBER_INT:
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    return new Value(t, p.getText(), 0, p.getDoubleValue(), true, null, null);
                }
                long l = p.getLongValue();
                return new Value(t, null, l, l, false, null, null);
            case VALUE_NUMBER_FLOAT:
                return new Value(t, null, 0, p.getDoubleValue(), false, null, null);
            case VALUE_TRUE:
                return Value.TRUE;
            case VALUE_FALSE:
                return Value.FALSE;
            case VALUE_NULL:
                return Value.NULL;
            case START_ARRAY:
                if (level != 1) {
                    p.skipChildren();
                    return Value.SKIPPED_ARRAY;
                }
                List<Value> elements = new ArrayList<>();
                while (next(p) != JsonToken.END_ARRAY) {
                    elements.add(capture(p, 2));
                }
                return new Value(t, null, 0, 0, false, elements, null);
            case START_OBJECT:
                if (level != 2) {
                    p.skipChildren();
                    return Value.SKIPPED_OBJECT;
                }
                Map<String, Value> members = new HashMap<>();
                while (next(p) == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    next(p);
                    if (members.put(name, capture(p, 3)) != null) {
                        throw new Reject(Reasons.INVALID_JSON, "duplicate field " + show(name));
                    }
                }
                return new Value(t, null, 0, 0, false, null, members);
            default:
                throw new Reject(Reasons.INVALID_JSON, "unexpected " + t);
        }
    }

    /** The limit is on UTF-8 bytes, what Kafka and the files carry; chars are a lower bound. */
    static void checkSize(String raw, int maxBytes) throws Reject {
        if (raw == null) {
            throw new Reject(Reasons.INVALID_JSON, "empty message");
        }
        if ((long) raw.length() * 3 <= maxBytes) {
            return;
        }
        long bytes = utf8Length(raw);
        if (bytes > maxBytes) {
            throw new Reject(Reasons.OVERSIZED, "message: " + bytes + " bytes > " + maxBytes);
        }
    }

    static long utf8Length(String s) {
        long bytes = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < n
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    // ---- typed checks, by label so that array members can be named "evidence[2].ts" ----

    static Reject missing(String label) {
        return new Reject(Reasons.MISSING_FIELD, label);
    }

    static Reject wrongType(Value v, String label, String expected) {
        String got =
                v.token == JsonToken.VALUE_NUMBER_FLOAT && expected.equals("integer")
                        ? Double.toString(v.doubleValue)
                        : typeName(v.token);
        return new Reject(Reasons.WRONG_TYPE, label + ": expected " + expected + ", got " + got);
    }

    /** A required, non-blank string of at most {@code maxChars} code points. */
    static String string(Value v, String label, int maxChars) throws Reject {
        String s = optionalString(v, label, maxChars);
        if (s == null) {
            throw missing(label);
        }
        if (s.isBlank()) {
            throw new Reject(Reasons.MISSING_FIELD, label + " (empty)");
        }
        return s;
    }

    /** A required string that may be empty (a dead letter's raw text or detail). */
    static String text(Value v, String label, int maxChars) throws Reject {
        String s = optionalString(v, label, maxChars);
        if (s == null) {
            throw missing(label);
        }
        return s;
    }

    /**
     * An optional string (null when absent or JSON null) of at most {@code maxChars} code points.
     */
    static String optionalString(Value v, String label, int maxChars) throws Reject {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.token != JsonToken.VALUE_STRING) {
            throw wrongType(v, label, "string");
        }
        String s = v.text;
        // length() >= code points, so the exact count is needed only near the limit.
        if (s.length() > maxChars) {
            int chars = s.codePointCount(0, s.length());
            if (chars > maxChars) {
                throw new Reject(Reasons.OVERSIZED, label + ": " + chars + " chars > " + maxChars);
            }
        }
        return s;
    }

    /** A required integer in [min, max]. */
    static long integer(Value v, String label, long min, long max) throws Reject {
        if (v == null || v.isNull()) {
            throw missing(label);
        }
        if (v.token != JsonToken.VALUE_NUMBER_INT) {
            throw wrongType(v, label, "integer");
        }
        if (v.big || v.longValue < min || v.longValue > max) {
            throw new Reject(
                    Reasons.OUT_OF_RANGE,
                    label + "=" + (v.big ? show(v.text) : Long.toString(v.longValue)));
        }
        return v.longValue;
    }

    /** An event time: epoch milliseconds, an integer in [0, {@link Codec#MAX_TS}). */
    static long ts(Value v, String label) throws Reject {
        return integer(v, label, 0, Codec.MAX_TS - 1);
    }

    /** A required finite number, integer or not. */
    static double number(Value v, String label) throws Reject {
        if (v == null || v.isNull()) {
            throw missing(label);
        }
        if (v.token != JsonToken.VALUE_NUMBER_INT && v.token != JsonToken.VALUE_NUMBER_FLOAT) {
            throw wrongType(v, label, "number");
        }
        // JSON has no NaN or Infinity, but 1e999 parses to Infinity.
        if (!Double.isFinite(v.doubleValue)) {
            throw new Reject(Reasons.OUT_OF_RANGE, label + "=" + v.doubleValue);
        }
        return v.doubleValue;
    }

    static void range(double d, String label, double min, double max) throws Reject {
        if (!(d >= min && d <= max)) {
            throw new Reject(Reasons.OUT_OF_RANGE, label + "=" + d);
        }
    }

    static <E extends Enum<E>> E enumValue(Value v, String label, Map<String, E> byName)
            throws Reject {
        String s = string(v, label, Integer.MAX_VALUE);
        E e = byName.get(s);
        if (e == null) {
            throw new Reject(Reasons.UNKNOWN_VALUE, label + "=" + show(s));
        }
        return e;
    }

    static String district(Value v, String label) throws Reject {
        String s = string(v, label, Integer.MAX_VALUE);
        if (!Districts.isDistrict(s)) {
            throw new Reject(Reasons.UNKNOWN_VALUE, label + "=" + show(s));
        }
        return s;
    }

    static List<Value> array(Value v, String label) throws Reject {
        if (v == null || v.isNull()) {
            throw missing(label);
        }
        if (v.token != JsonToken.START_ARRAY) {
            throw wrongType(v, label, "array");
        }
        return v.elements;
    }

    /** The members of an object found as an array element. */
    static Map<String, Value> object(Value v, String label) throws Reject {
        if (v == null || v.isNull()) {
            throw missing(label);
        }
        if (v.token != JsonToken.START_OBJECT || v.members == null) {
            throw wrongType(v, label, "object");
        }
        return v.members;
    }

    /** Enum constants by name, for lookups that cost no exception when the name is unknown. */
    static <E extends Enum<E>> Map<String, E> byName(Class<E> type) {
        Map<String, E> m = new HashMap<>();
        for (E e : type.getEnumConstants()) {
            m.put(e.name(), e);
        }
        return Map.copyOf(m);
    }

    static String typeName(JsonToken t) {
        return switch (t) {
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NULL -> "null";
            case START_ARRAY -> "array";
            case START_OBJECT -> "object";
            default -> t.name();
        };
    }

    /** An untrusted value, cut short enough to sit in a detail. */
    static String show(String s) {
        return cut(s, MAX_SHOWN_CHARS);
    }

    private static String cut(String s, int maxChars) {
        if (s.length() <= maxChars) {
            return s;
        }
        int end = maxChars;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + "…";
    }

    /** Jackson's messages, cut after their first clause, minus the advice meant for programmers. */
    private static final String[] NOISE = {
        " (start marker", " (for ", ": enable `", ": was expecting (JSON", ", from `"
    };

    /** A short account of why the text is not JSON, and where. */
    private static String describe(JsonProcessingException e) {
        String m;
        if (e instanceof JsonEOFException) {
            m = "truncated message";
        } else if (e instanceof StreamConstraintsException
                && String.valueOf(e.getOriginalMessage()).contains("nesting depth")) {
            m = "nesting deeper than " + Codec.MAX_NESTING_DEPTH + " levels";
        } else {
            m = e.getOriginalMessage() == null ? "malformed JSON" : e.getOriginalMessage();
            int cut = m.indexOf('\n');
            for (String noise : NOISE) {
                int i = m.indexOf(noise);
                if (i >= 0 && (cut < 0 || i < cut)) {
                    cut = i;
                }
            }
            m = cut(cut >= 0 ? m.substring(0, cut) : m, 2 * MAX_SHOWN_CHARS);
            if (!m.isEmpty()) {
                m = Character.toLowerCase(m.charAt(0)) + m.substring(1);
            }
        }
        var at = e.getLocation();
        return at == null || at.getCharOffset() < 0 ? m : m + " at char " + at.getCharOffset();
    }
}
