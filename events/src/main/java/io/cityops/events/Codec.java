package io.cityops.events;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;

/**
 * The wire codec for every message of CONTRACT.md: strict decoding into the records of this
 * package, deterministic encoding back. Streaming Jackson only, no reflection; every method is
 * static and thread-safe.
 *
 * <p>Decoding never throws on bad input: it returns a {@link Decoded} whose {@link Rejection}
 * carries one of {@link Reasons} and a short detail naming the field and the offending value
 * ({@code lat=95.0}, {@code ts: expected integer, got 1.5}). Checks run in the contract's field
 * order whatever order the sender used, so one message always gets the same rejection. Invalid JSON
 * (including a value that is not an object, trailing content, a repeated known field, or nesting
 * deeper than {@link #MAX_NESTING_DEPTH}) is {@code invalid-json}; a known field that is JSON null
 * counts as absent. Unknown fields are skipped.
 *
 * <p>Encoding writes the contract's field names in the contract's order, the same bytes for equal
 * records. Optional input fields that are null are left out; the outputs (incident, dead letter)
 * write JSON null instead so their shape never varies. Text is written as UTF-8 without HTML or
 * non-ASCII escaping: escaping for display is the console's job. A record the contract would reject
 * on the way back (a required field null, a non-finite number) throws {@link
 * IllegalArgumentException}.
 */
public final class Codec {

    /** Largest input message, in UTF-8 bytes; larger is {@code oversized} before parsing. */
    public static final int MAX_MESSAGE_BYTES = 64 * 1024;

    /**
     * Largest incident or dead-letter message, in UTF-8 bytes. Larger than an input's: a dead
     * letter quotes an input (escaped), and an incident lists its evidence.
     */
    public static final int MAX_OUTPUT_MESSAGE_BYTES = 1024 * 1024;

    /**
     * Deepest nesting of objects and arrays; the contract needs 3. Deeper is {@code invalid-json}.
     */
    public static final int MAX_NESTING_DEPTH = 32;

    /** Identifiers: id, sensor, station, incident, by, assignee, building, street, cell, parent. */
    public static final int MAX_ID_CHARS = 128;

    /** A street order's {@code address}. */
    public static final int MAX_ADDRESS_CHARS = 500;

    /** A street order's {@code text} and a dispatch action's {@code note}. */
    public static final int MAX_TEXT_CHARS = 2000;

    /** A facility's {@code name}. */
    public static final int MAX_NAME_CHARS = 200;

    /** An incident's {@code title}. */
    public static final int MAX_TITLE_CHARS = 500;

    /** A dead letter's {@code detail}. */
    public static final int MAX_DETAIL_CHARS = 2000;

    /** Every event time is below this: 2100-01-01T00:00:00Z in epoch milliseconds. */
    public static final long MAX_TS = 4_102_444_800_000L;

    private Codec() {}

    public static Decoded<Facility> decodeFacility(String raw) {
        return Decoders.facility(raw);
    }

    public static Decoded<StreetOrder> decodeStreetOrder(String raw) {
        return Decoders.streetOrder(raw);
    }

    /** An observation or a warning, told apart by {@code "kind"}: OBSERVATION or WARNING. */
    public static Decoded<WeatherMessage> decodeWeather(String raw) {
        return Decoders.weather(raw);
    }

    public static Decoded<SensorReading> decodeSensorReading(String raw) {
        return Decoders.reading(raw);
    }

    public static Decoded<DispatchAction> decodeDispatchAction(String raw) {
        return Decoders.dispatchAction(raw);
    }

    public static Decoded<Incident> decodeIncident(String raw) {
        return Decoders.incident(raw);
    }

    public static Decoded<DeadLetter> decodeDeadLetter(String raw) {
        return Decoders.deadLetter(raw);
    }

    public static String encode(Facility f) {
        return Encoders.facility(f);
    }

    public static String encode(StreetOrder o) {
        return Encoders.streetOrder(o);
    }

    public static String encode(WeatherMessage m) {
        return Encoders.weather(m);
    }

    public static String encode(SensorReading r) {
        return Encoders.reading(r);
    }

    public static String encode(DispatchAction a) {
        return Encoders.dispatchAction(a);
    }

    public static String encode(Incident i) {
        return Encoders.incident(i);
    }

    public static Decoded<Escalation> decodeEscalation(String raw) {
        return Decoders.escalation(raw);
    }

    public static String encode(Escalation e) {
        return Encoders.escalation(e);
    }

    public static String encode(DeadLetter d) {
        return Encoders.deadLetter(d);
    }

    /**
     * Best effort, for dead letters: the top-level integer {@code "ts"} of {@code raw} when it is a
     * valid event time, else null. Reads only as far as that field, so a message broken after it
     * still yields its time.
     */
    public static Long peekTs(String raw) {
        if (raw == null) {
            return null;
        }
        try (JsonParser p = Json.FACTORY.createParser(raw)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                boolean isTs = "ts".equals(p.currentName());
                JsonToken t = p.nextToken();
                if (!isTs) {
                    p.skipChildren();
                    continue;
                }
                if (t != JsonToken.VALUE_NUMBER_INT
                        || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    return null;
                }
                long ts = p.getLongValue();
                return ts >= 0 && ts < MAX_TS ? ts : null;
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The dead letter for a rejected input: {@code raw} kept whole up to {@link #MAX_MESSAGE_BYTES}
     * chars (an oversized input is cut there, so the dead letter stays within {@link
     * #MAX_OUTPUT_MESSAGE_BYTES}), its event time if {@link #peekTs} finds one.
     */
    public static DeadLetter deadLetter(Stream stream, String raw, Rejection rejection) {
        String text = prefix(raw == null ? "" : raw, MAX_MESSAGE_BYTES);
        String detail =
                prefix(rejection.detail() == null ? "" : rejection.detail(), MAX_DETAIL_CHARS);
        return new DeadLetter(stream.label(), rejection.reason(), detail, text, peekTs(raw));
    }

    /** At most {@code maxChars} chars of {@code s}, never half a surrogate pair. */
    private static String prefix(String s, int maxChars) {
        if (s.length() <= maxChars) {
            return s;
        }
        int end = Character.isHighSurrogate(s.charAt(maxChars - 1)) ? maxChars - 1 : maxChars;
        return s.substring(0, end);
    }

    /** The stream with this dead-letter label ("sensors"), or null. */
    public static Stream streamOf(String label) {
        for (Stream s : Stream.values()) {
            if (s.label().equals(label)) {
                return s;
            }
        }
        return null;
    }
}
