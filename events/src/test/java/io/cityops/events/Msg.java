package io.cityops.events;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A test message built field by field, each value given as raw JSON, so that a test can take a
 * valid message and break exactly one thing in it.
 */
final class Msg {
    private final Map<String, String> fields;

    private Msg(Map<String, String> fields) {
        this.fields = fields;
    }

    /** Pairs of field name and raw JSON value. */
    static Msg of(String... nameValuePairs) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            fields.put(nameValuePairs[i], nameValuePairs[i + 1]);
        }
        return new Msg(fields);
    }

    Msg with(String name, String rawJson) {
        Map<String, String> copy = new LinkedHashMap<>(fields);
        copy.put(name, rawJson);
        return new Msg(copy);
    }

    Msg without(String name) {
        Map<String, String> copy = new LinkedHashMap<>(fields);
        copy.remove(name);
        return new Msg(copy);
    }

    String json() {
        StringBuilder b = new StringBuilder("{");
        fields.forEach(
                (name, value) -> {
                    if (b.length() > 1) {
                        b.append(',');
                    }
                    b.append('"').append(name).append("\":").append(value);
                });
        return b.append('}').toString();
    }

    /** A JSON string literal for plain test text (no quotes or backslashes in it). */
    static String str(String s) {
        return '"' + s + '"';
    }

    @Override
    public String toString() {
        return json();
    }
}
