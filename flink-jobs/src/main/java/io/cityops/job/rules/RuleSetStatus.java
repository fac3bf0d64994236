package io.cityops.job.rules;

import com.fasterxml.jackson.core.JsonGenerator;

import io.cityops.job.JsonTree;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * What one instance of the rules stage made of a rule set, for {@code city.rules-status}: one
 * message per instance and outcome.
 *
 * <ul>
 *   <li>{@code ACCEPTED}: decoded and compiled; it takes over at {@code switchAt} (event time).
 *   <li>{@code ACTIVE}: in force from {@code switchAt}: events before it went to the old set,
 *       events at or after it go to this one.
 *   <li>{@code REFUSED}: does not decode or compile; the old set keeps running. {@code error} is
 *       {@code file:line: message} (line 0 or none when the message itself is wrong).
 * </ul>
 *
 * {@code late}: the instance's time was already past the set's switch time when it received it, so
 * it switched at its own time instead (which another instance need not share).
 */
public record RuleSetStatus(
        String version,
        String sha256,
        long offset,
        int instance,
        int instances,
        Outcome status,
        Long switchAt,
        boolean late,
        String error,
        String file,
        Integer line) {

    public enum Outcome {
        ACCEPTED,
        ACTIVE,
        REFUSED
    }

    /** Reads what {@link #encode} wrote. */
    public static RuleSetStatus decode(String json) throws IOException {
        Map<String, Object> m = JsonTree.object(json);
        Long offset = JsonTree.number(m, "offset");
        Long instance = JsonTree.number(m, "instance");
        Long instances = JsonTree.number(m, "instances");
        Long line = JsonTree.number(m, "line");
        String status = JsonTree.string(m, "status");
        if (status == null || instance == null || instances == null) {
            throw new IOException("not a rule-set status: " + json);
        }
        return new RuleSetStatus(
                JsonTree.string(m, "version"),
                JsonTree.string(m, "sha256"),
                offset == null ? -1 : offset,
                instance.intValue(),
                instances.intValue(),
                Outcome.valueOf(status),
                JsonTree.number(m, "switchAt"),
                Boolean.TRUE.equals(m.get("late")),
                JsonTree.string(m, "error"),
                JsonTree.string(m, "file"),
                line == null ? null : line.intValue());
    }

    public String encode() {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JsonTree.FACTORY.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("version", version);
            g.writeStringField("sha256", sha256);
            g.writeNumberField("offset", offset);
            g.writeNumberField("instance", instance);
            g.writeNumberField("instances", instances);
            g.writeStringField("status", status.name());
            if (switchAt == null) {
                g.writeNullField("switchAt");
            } else {
                g.writeNumberField("switchAt", switchAt);
            }
            g.writeBooleanField("late", late);
            g.writeStringField("error", error);
            if (file != null) {
                g.writeStringField("file", file);
                g.writeNumberField("line", line == null ? 0 : line);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }
}
