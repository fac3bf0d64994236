package io.cityops.archive;

import com.fasterxml.jackson.core.JsonGenerator;

import io.cityops.job.JsonTree;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The recorder's checkpoint, {@code DIR/recorder.json}, written after the data it covers is on
 * disk: where to resume reading each partition, and how far each stream has written. A stream only
 * ever appends to the segment of its current hour, so that segment and its length are all that a
 * restart needs to cut off what was written after the checkpoint.
 *
 * @param cluster the Kafka cluster id, so an archive is never resumed against another broker
 * @param prefix the topic prefix the archive was recorded from
 * @param streams by stream label
 * @param partitions by {@code topic/partition}
 */
record Checkpoint(
        String cluster,
        String prefix,
        Map<String, StreamMark> streams,
        Map<String, PartitionMark> partitions,
        long registryEntries) {

    static final int FORMAT = 1;

    /**
     * @param clock the largest ts the stream carried (Long.MIN_VALUE before any)
     * @param segment the name of the segment it appends to, or null before any
     * @param length that segment's length in bytes
     * @param records records archived so far
     */
    record StreamMark(long clock, String segment, long length, long records) {}

    /**
     * @param offset the next offset to read
     * @param lastTs the ts of the last record archived from it that had one
     */
    record PartitionMark(long offset, long lastTs) {}

    static Checkpoint read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString());
        }
        Map<String, Object> m = JsonTree.object(Files.readString(file, StandardCharsets.UTF_8));
        Long format = JsonTree.number(m, "format");
        if (format == null || format != FORMAT) {
            throw new IOException(file + ": format " + format + " is not " + FORMAT);
        }
        Map<String, StreamMark> streams = new TreeMap<>();
        for (var e : JsonTree.objectField(m, "streams").entrySet()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> s = (Map<String, Object>) e.getValue();
            streams.put(
                    e.getKey(),
                    new StreamMark(
                            orMin(JsonTree.number(s, "clock")),
                            JsonTree.string(s, "segment"),
                            JsonTree.number(s, "length"),
                            JsonTree.number(s, "records")));
        }
        Map<String, PartitionMark> partitions = new TreeMap<>();
        for (var e : JsonTree.objectField(m, "partitions").entrySet()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> p = (Map<String, Object>) e.getValue();
            partitions.put(
                    e.getKey(),
                    new PartitionMark(
                            JsonTree.number(p, "offset"), orMin(JsonTree.number(p, "lastTs"))));
        }
        return new Checkpoint(
                JsonTree.string(m, "cluster"),
                JsonTree.string(m, "prefix"),
                streams,
                partitions,
                JsonTree.number(m, "registryEntries"));
    }

    private static long orMin(Long v) {
        return v == null ? Long.MIN_VALUE : v;
    }

    /** Written to a temporary file, forced to disk, then renamed over the old one. */
    void write(Path file) throws IOException {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JsonTree.FACTORY.createGenerator(w)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeNumberField("format", FORMAT);
            g.writeStringField("cluster", cluster);
            g.writeStringField("prefix", prefix);
            g.writeNumberField("registryEntries", registryEntries);
            g.writeObjectFieldStart("streams");
            for (var e : new TreeMap<>(streams).entrySet()) {
                StreamMark s = e.getValue();
                g.writeObjectFieldStart(e.getKey());
                if (s.clock() != Long.MIN_VALUE) {
                    g.writeNumberField("clock", s.clock());
                }
                g.writeStringField("segment", s.segment());
                g.writeNumberField("length", s.length());
                g.writeNumberField("records", s.records());
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeObjectFieldStart("partitions");
            for (var e : new TreeMap<>(partitions).entrySet()) {
                g.writeObjectFieldStart(e.getKey());
                g.writeNumberField("offset", e.getValue().offset());
                if (e.getValue().lastTs() != Long.MIN_VALUE) {
                    g.writeNumberField("lastTs", e.getValue().lastTs());
                }
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeEndObject();
        }
        Durable.replace(file, (w + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
