package io.cityops.archive;

import io.cityops.events.Codec;
import io.cityops.events.Stream;
import io.cityops.job.CityEvent;
import io.cityops.job.source.Decoding;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The lines of one stream read as one lane: files one after the other (a replay folder's file, or
 * an archive's hourly segments), gzip undone by name, blank lines skipped, and only the lines of a
 * time range kept. A line's event time is its {@code ts} when the job would accept it as an event
 * ({@link #eventTs}); a line it would reject goes with the line before it in the lane, so a slice
 * keeps the rejects that arrived inside it (at the start of a segment: with the segment's hour).
 */
public final class LaneReader implements Closeable {

    /** A file of the lane; {@code hourStart} is its hour for a segment, else Long.MIN_VALUE. */
    public record Source(Path file, long hourStart) {
        public static Source plain(Path file) {
            return new Source(file, Long.MIN_VALUE);
        }
    }

    private final Stream stream;
    private final List<Source> sources;
    private final TimeRange range;
    private int next;
    private BufferedReader reader;
    private long carried = Long.MIN_VALUE;
    private long ts;
    private boolean hadTs;
    private CityEvent event;
    private long maxSeen = Long.MIN_VALUE;
    private long maxKept = Long.MIN_VALUE;

    public LaneReader(Stream stream, List<Source> sources, TimeRange range) {
        this.stream = stream;
        this.sources = List.copyOf(sources);
        this.range = range;
    }

    /** The next line of the range, or null at the end of the lane. */
    public String next() throws IOException {
        while (true) {
            if (reader == null) {
                if (next >= sources.size()) {
                    return null;
                }
                Source s = sources.get(next++);
                reader = open(s.file());
                if (s.hourStart() != Long.MIN_VALUE) {
                    carried = Math.max(carried, s.hourStart());
                }
            }
            String line = reader.readLine();
            if (line == null) {
                reader.close();
                reader = null;
                continue;
            }
            if (line.isBlank()) {
                continue;
            }
            event = Decoding.decode(stream, line);
            Long t = eventTs(event);
            hadTs = t != null;
            if (hadTs) {
                carried = t;
            }
            ts = carried;
            // The end of time counts every ts the input carries, as Replay.endOfTime does.
            Long peeked = hadTs ? t : Codec.peekTs(line);
            if (peeked != null) {
                maxSeen = Math.max(maxSeen, peeked);
            }
            if (range.contains(ts)) {
                if (peeked != null) {
                    maxKept = Math.max(maxKept, peeked);
                }
                return line;
            }
        }
    }

    /**
     * The event time of a decoded line: its {@code ts} when the job accepts it as an event (and its
     * watermark moves with it); null for a rejected line or a registry entry.
     */
    public static Long eventTs(CityEvent e) {
        return e.kind == CityEvent.REJECTED || e.kind == CityEvent.FACILITY ? null : e.ts;
    }

    /** The line just returned, decoded as the job decodes it. */
    public CityEvent event() {
        return event;
    }

    /** The event time of the line just returned (the one carried when it had none). */
    public long ts() {
        return ts;
    }

    /** Whether the line just returned had an event time of its own. */
    public boolean hadTs() {
        return hadTs;
    }

    /** The largest {@code ts} read so far, kept or not; Long.MIN_VALUE if none. */
    public long maxSeen() {
        return maxSeen;
    }

    /** The largest {@code ts} of a line returned so far; Long.MIN_VALUE if none. */
    public long maxKept() {
        return maxKept;
    }

    @Override
    public void close() throws IOException {
        if (reader != null) {
            reader.close();
            reader = null;
        }
        next = sources.size();
    }

    /** A file's lines, gunzipped when its name ends in {@code .gz} (every member of it). */
    public static BufferedReader open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        if (file.getFileName().toString().endsWith(".gz")) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }
}
