package io.cityops.job;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Small JSON documents of the project's own (a recorder checkpoint, a rule-set message, a truth
 * line) read into maps, lists, strings, longs, doubles, booleans and nulls. Not for the wire
 * contract's messages: {@code io.cityops.events.Codec} decodes those, strictly.
 */
public final class JsonTree {
    public static final JsonFactory FACTORY = new JsonFactory();

    private JsonTree() {}

    /** The object {@code text} holds. */
    public static Map<String, Object> object(String text) throws IOException {
        try (JsonParser p = FACTORY.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("expected a JSON object");
            }
            Map<String, Object> m = readObject(p);
            if (p.nextToken() != null) {
                throw new IOException("text after the JSON object");
            }
            return m;
        }
    }

    private static Map<String, Object> readObject(JsonParser p) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String name = p.currentName();
            p.nextToken();
            m.put(name, value(p));
        }
        return m;
    }

    private static Object value(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case START_OBJECT -> readObject(p);
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    l.add(value(p));
                }
                yield l;
            }
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> p.getLongValue();
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new IOException("unexpected " + p.currentToken());
        };
    }

    /** A string field, or null when absent or JSON null. */
    public static String string(Map<String, Object> m, String name) throws IOException {
        Object v = m.get(name);
        if (v == null || v instanceof String) {
            return (String) v;
        }
        throw new IOException("'" + name + "' must be a string, got " + v);
    }

    /** A whole-number field, or null when absent or JSON null. */
    public static Long number(Map<String, Object> m, String name) throws IOException {
        Object v = m.get(name);
        if (v == null || v instanceof Long) {
            return (Long) v;
        }
        throw new IOException("'" + name + "' must be a whole number, got " + v);
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> objectField(Map<String, Object> m, String name)
            throws IOException {
        Object v = m.get(name);
        if (v == null) {
            return Map.of();
        }
        if (v instanceof Map) {
            return (Map<String, Object>) v;
        }
        throw new IOException("'" + name + "' must be an object");
    }
}
