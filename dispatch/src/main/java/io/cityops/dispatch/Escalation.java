package io.cityops.dispatch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.Optional;

/**
 * A missed deadline, as the job tells it on {@code city.escalations} (an extension topic, not in
 * the contract): {@code {"incident":ID,"district":"310101","kind":"ACK","at":MS,"severity":
 * "CRITICAL","target":"supervisor-310101"}}. Unknown fields are ignored.
 */
public record Escalation(
        String incident, String district, String kind, long at, String severity, String target) {

    private static final JsonFactory JSON = new JsonFactory();

    /** Deduplication key: one escalation per incident, kind and deadline. */
    String key() {
        return "escalation|" + incident + "|" + kind + "|" + at;
    }

    static Optional<Escalation> parse(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String incident = null, district = null, kind = null, severity = null, target = null;
        Long at = null;
        try (JsonParser p = JSON.createParser(raw)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "incident" -> incident = text(p, t);
                    case "district" -> district = text(p, t);
                    case "kind" -> kind = text(p, t);
                    case "severity" -> severity = text(p, t);
                    case "target" -> target = text(p, t);
                    case "at" -> at = t == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : null;
                    default -> p.skipChildren();
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        if (incident == null || kind == null || at == null) {
            return Optional.empty();
        }
        return Optional.of(new Escalation(incident, district, kind, at, severity, target));
    }

    private static String text(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        p.skipChildren();
        return null;
    }
}
