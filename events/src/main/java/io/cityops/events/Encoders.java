package io.cityops.events;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * One writer per contract message, fields in the contract's order. A record that would make a
 * message the contract rejects (a required field null, a NaN) is a bug upstream: it fails here with
 * {@link IllegalArgumentException} rather than travel as a message nobody can read.
 */
final class Encoders {

    private Encoders() {}

    @FunctionalInterface
    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static String write(Body body) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a String cannot fail", e);
        }
        return out.toString();
    }

    static String facility(Facility f) {
        return write(
                g -> {
                    string(g, "id", required(f.id(), "Facility.id"));
                    string(g, "type", required(f.type(), "Facility.type").name());
                    number(g, "lat", f.lat(), "Facility.lat");
                    number(g, "lon", f.lon(), "Facility.lon");
                    string(g, "district", required(f.district(), "Facility.district"));
                    optionalString(g, "street", f.street());
                    optionalString(g, "building", f.building());
                    g.writeNumberField("intervalSec", f.intervalSec());
                    optionalString(g, "name", f.name());
                });
    }

    static String streetOrder(StreetOrder o) {
        return write(
                g -> {
                    string(g, "id", required(o.id(), "StreetOrder.id"));
                    g.writeNumberField("ts", o.ts());
                    string(g, "source", required(o.source(), "StreetOrder.source").name());
                    string(g, "category", required(o.category(), "StreetOrder.category").name());
                    number(g, "lat", o.lat(), "StreetOrder.lat");
                    number(g, "lon", o.lon(), "StreetOrder.lon");
                    string(g, "district", required(o.district(), "StreetOrder.district"));
                    optionalString(g, "street", o.street());
                    optionalString(g, "address", o.address());
                    optionalString(g, "text", o.text());
                });
    }

    static String weather(WeatherMessage m) {
        if (m instanceof WeatherObservation o) {
            return write(
                    g -> {
                        string(g, "kind", "OBSERVATION");
                        string(g, "station", required(o.station(), "WeatherObservation.station"));
                        g.writeNumberField("ts", o.ts());
                        optionalNumber(
                                g, "rain_mm_1h", o.rainMm1h(), "WeatherObservation.rainMm1h");
                        optionalNumber(g, "wind_ms", o.windMs(), "WeatherObservation.windMs");
                        optionalNumber(g, "gust_ms", o.gustMs(), "WeatherObservation.gustMs");
                        optionalNumber(g, "temp_c", o.tempC(), "WeatherObservation.tempC");
                    });
        }
        WeatherWarning w = (WeatherWarning) required(m, "WeatherMessage");
        return write(
                g -> {
                    string(g, "kind", "WARNING");
                    g.writeNumberField("ts", w.ts());
                    string(g, "hazard", required(w.hazard(), "WeatherWarning.hazard").name());
                    string(g, "level", required(w.level(), "WeatherWarning.level").name());
                    // Null and empty both mean the whole city; the wire says it with [].
                    strings(g, "districts", w.districts() == null ? List.of() : w.districts());
                    if (w.until() != null) {
                        g.writeNumberField("until", w.until());
                    }
                });
    }

    static String reading(SensorReading r) {
        return write(
                g -> {
                    string(g, "sensor", required(r.sensor(), "SensorReading.sensor"));
                    g.writeNumberField("ts", r.ts());
                    string(g, "metric", required(r.metric(), "SensorReading.metric").wire());
                    number(g, "value", r.value(), "SensorReading.value");
                });
    }

    static String dispatchAction(DispatchAction a) {
        return write(
                g -> {
                    string(g, "incident", required(a.incident(), "DispatchAction.incident"));
                    g.writeNumberField("ts", a.ts());
                    string(g, "action", required(a.action(), "DispatchAction.action").name());
                    string(g, "by", required(a.by(), "DispatchAction.by"));
                    optionalString(g, "assignee", a.assignee());
                    optionalString(g, "note", a.note());
                });
    }

    /** Outputs write every field, JSON null included, so consumers see one shape. */
    static String incident(Incident i) {
        return write(
                g -> {
                    string(g, "id", required(i.id(), "Incident.id"));
                    string(g, "rule", required(i.rule(), "Incident.rule"));
                    string(g, "category", required(i.category(), "Incident.category"));
                    string(g, "subject", required(i.subject(), "Incident.subject"));
                    string(g, "severity", required(i.severity(), "Incident.severity").name());
                    string(g, "status", required(i.status(), "Incident.status").name());
                    string(g, "district", required(i.district(), "Incident.district"));
                    g.writeStringField("street", i.street());
                    g.writeStringField("cell", i.cell());
                    number(g, "lat", i.lat(), "Incident.lat");
                    number(g, "lon", i.lon(), "Incident.lon");
                    strings(g, "departments", required(i.departments(), "Incident.departments"));
                    g.writeNumberField("openedAt", i.openedAt());
                    g.writeNumberField("updatedAt", i.updatedAt());
                    nullableLong(g, "ackBy", i.ackBy());
                    nullableLong(g, "resolveBy", i.resolveBy());
                    g.writeNumberField("occurrences", i.occurrences());
                    string(g, "title", required(i.title(), "Incident.title"));
                    g.writeArrayFieldStart("evidence");
                    for (Evidence e : required(i.evidence(), "Incident.evidence")) {
                        g.writeStartObject();
                        string(g, "stream", required(e.stream(), "Evidence.stream"));
                        string(g, "ref", required(e.ref(), "Evidence.ref"));
                        g.writeNumberField("ts", e.ts());
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                    g.writeArrayFieldStart("breaches");
                    for (Breach b : required(i.breaches(), "Incident.breaches")) {
                        g.writeStartObject();
                        string(g, "kind", required(b.kind(), "Breach.kind"));
                        g.writeNumberField("at", b.at());
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                    g.writeStringField("parent", i.parent());
                    g.writeNumberField("version", i.version());
                    // Optional extensions, left out when empty so the contract's shape holds.
                    optionalString(g, "assignee", i.assignee());
                    if (i.timeline() != null && !i.timeline().isEmpty()) {
                        g.writeArrayFieldStart("timeline");
                        for (TimelineEntry t : i.timeline()) {
                            g.writeStartObject();
                            g.writeNumberField("at", t.at());
                            string(g, "action", required(t.action(), "TimelineEntry.action"));
                            string(g, "by", required(t.by(), "TimelineEntry.by"));
                            optionalString(g, "note", t.note());
                            g.writeEndObject();
                        }
                        g.writeEndArray();
                    }
                    optionalString(g, "rulesVersion", i.rulesVersion());
                });
    }

    static String escalation(Escalation e) {
        return write(
                g -> {
                    string(g, "incident", required(e.incident(), "Escalation.incident"));
                    string(g, "district", required(e.district(), "Escalation.district"));
                    string(g, "kind", required(e.kind(), "Escalation.kind"));
                    g.writeNumberField("at", e.at());
                    string(g, "severity", required(e.severity(), "Escalation.severity"));
                    string(g, "target", required(e.target(), "Escalation.target"));
                });
    }

    static String deadLetter(DeadLetter d) {
        return write(
                g -> {
                    string(g, "stream", required(d.stream(), "DeadLetter.stream"));
                    string(g, "reason", required(d.reason(), "DeadLetter.reason"));
                    string(g, "detail", required(d.detail(), "DeadLetter.detail"));
                    string(g, "raw", required(d.raw(), "DeadLetter.raw"));
                    nullableLong(g, "ts", d.ts());
                });
    }

    // ---- helpers ----

    private static <T> T required(T value, String what) {
        if (value == null) {
            throw new IllegalArgumentException(what + " is null; the contract requires it");
        }
        return value;
    }

    private static void string(JsonGenerator g, String name, String value) throws IOException {
        g.writeStringField(name, value);
    }

    /** Inputs leave out an absent optional field rather than write null. */
    private static void optionalString(JsonGenerator g, String name, String value)
            throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    private static void number(JsonGenerator g, String name, double value, String what)
            throws IOException {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(what + " is " + value + "; JSON has no such number");
        }
        g.writeNumberField(name, value);
    }

    private static void optionalNumber(JsonGenerator g, String name, Double value, String what)
            throws IOException {
        if (value != null) {
            number(g, name, value, what);
        }
    }

    private static void nullableLong(JsonGenerator g, String name, Long value) throws IOException {
        if (value == null) {
            g.writeNullField(name);
        } else {
            g.writeNumberField(name, value.longValue());
        }
    }

    private static void strings(JsonGenerator g, String name, List<String> values)
            throws IOException {
        g.writeArrayFieldStart(name);
        for (String s : values) {
            g.writeString(required(s, name + " element"));
        }
        g.writeEndArray();
    }
}
