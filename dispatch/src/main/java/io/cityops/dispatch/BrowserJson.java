package io.cityops.dispatch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import io.cityops.events.ActionType;
import io.cityops.events.Incident;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The JSON the console's pages receive over the event stream (and the webhooks' envelopes). An
 * incident travels as its contract JSON plus {@code allowed}: the actions this person may send in
 * its state. Text stays text: the pages put it into the DOM with {@code textContent} only.
 */
final class BrowserJson {
    private static final JsonFactory JSON = new JsonFactory();

    private BrowserJson() {}

    interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    static String write(Body body) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    static String quote(String s) {
        return write(g -> g.writeString(s));
    }

    static String escalation(Escalation e) {
        return write(g -> escalation(g, e));
    }

    static void escalation(JsonGenerator g, Escalation e) throws IOException {
        g.writeStartObject();
        g.writeStringField("incident", e.incident());
        g.writeStringField("district", e.district());
        g.writeStringField("kind", e.kind());
        g.writeNumberField("at", e.at());
        g.writeStringField("severity", e.severity());
        g.writeStringField("target", e.target());
        g.writeEndObject();
    }

    /** {@code {"incident":{contract},"allowed":[...]}}, with the timeline when asked for. */
    static void incident(
            JsonGenerator g, Incident i, String json, Role role, List<TimelineEntry> timeline)
            throws IOException {
        g.writeStartObject();
        g.writeFieldName("incident");
        g.writeRawValue(json);
        g.writeArrayFieldStart("allowed");
        for (ActionType a : Lifecycle.offered(role, i.status())) {
            g.writeString(a.name());
        }
        g.writeEndArray();
        if (timeline != null) {
            g.writeArrayFieldStart("timeline");
            for (TimelineEntry t : timeline) {
                g.writeStartObject();
                g.writeNumberField("at", t.at());
                g.writeStringField("kind", t.kind());
                g.writeStringField("text", t.text());
                g.writeNumberField("version", t.version());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }
}
