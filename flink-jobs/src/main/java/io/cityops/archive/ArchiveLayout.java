package io.cityops.archive;

import io.cityops.events.Stream;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The folder that {@code cityops record} writes, and that replay, re-publish and backtest read:
 *
 * <pre>
 * DIR/registry.ndjson                         the latest entry of each facility, sorted by id
 * DIR/street-orders/2026-07-20T23.ndjson.gz   one segment per stream and hour (UTC)
 * DIR/weather/…  DIR/sensors/…  DIR/dispatch-actions/…
 * DIR/recorder.json                           the recorder's checkpoint (offsets, open segment)
 * </pre>
 *
 * A record goes to the segment of its stream's event time when it arrived: the largest {@code ts}
 * the stream had carried so far, itself included. Time only moves forward, so a stream's segments
 * laid end to end are the stream in arrival order, and a late record stays where it arrived, next
 * to the records the job judged it against. A segment is a series of gzip members, one per flush.
 */
public final class ArchiveLayout {
    public static final String CHECKPOINT = "recorder.json";
    public static final String SEGMENT_SUFFIX = ".ndjson.gz";
    public static final long HOUR_MS = 3_600_000L;

    private static final DateTimeFormatter HOUR =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH").withZone(ZoneOffset.UTC);

    /** The streams an archive keeps in hourly segments: every input but the registry. */
    public static final List<Stream> SEGMENTED =
            List.of(Stream.STREET_ORDERS, Stream.WEATHER, Stream.SENSORS, Stream.DISPATCH_ACTIONS);

    private ArchiveLayout() {}

    /** The folder name of a stream: its replay file's name without {@code .ndjson}. */
    public static String stem(Stream s) {
        return s.file().substring(0, s.file().length() - ".ndjson".length());
    }

    public static Path folder(Path dir, Stream s) {
        return dir.resolve(stem(s));
    }

    public static Path registry(Path dir) {
        return dir.resolve(Stream.REGISTRY.file());
    }

    public static long hourStart(long ts) {
        return Math.floorDiv(ts, HOUR_MS) * HOUR_MS;
    }

    /** {@code 2026-07-20T23.ndjson.gz} for the hour that starts at {@code hourStart}. */
    public static String segmentName(long hourStart) {
        return HOUR.format(Instant.ofEpochMilli(hourStart)) + SEGMENT_SUFFIX;
    }

    public static Path segment(Path dir, Stream s, long hourStart) {
        return folder(dir, s).resolve(segmentName(hourStart));
    }

    /** The hour a segment file covers (epoch ms of its start), or null if it is not a segment. */
    public static Long hourOf(Path file) {
        String name = file.getFileName().toString();
        if (!name.endsWith(SEGMENT_SUFFIX)) {
            return null;
        }
        String hour = name.substring(0, name.length() - SEGMENT_SUFFIX.length());
        try {
            return LocalDateTime.parse(hour + ":00")
                    .atZone(ZoneOffset.UTC)
                    .toInstant()
                    .toEpochMilli();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * Whether {@code dir} is an archive (it has a stream folder) rather than a replay folder.
     *
     * @throws IOException when it holds a stream both ways, which a reader could not choose between
     */
    public static boolean isArchive(Path dir) throws IOException {
        boolean any = false;
        for (Stream s : SEGMENTED) {
            if (Files.isDirectory(folder(dir, s))) {
                any = true;
                for (String f : List.of(s.file(), s.file() + ".gz")) {
                    if (Files.exists(dir.resolve(f))) {
                        throw new IOException(
                                dir
                                        + " holds both "
                                        + f
                                        + " (a replay folder's file) and "
                                        + stem(s)
                                        + "/ (an archive's segments): keep one of them");
                    }
                }
            }
        }
        return any;
    }

    /** Every segment of a stream, oldest first (none when the stream has no folder). */
    public static List<Path> segments(Path dir, Stream s) throws IOException {
        Path folder = folder(dir, s);
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return out;
        }
        try (var list = Files.list(folder)) {
            list.filter(p -> hourOf(p) != null && Files.isRegularFile(p))
                    .sorted((a, b) -> Long.compare(hourOf(a), hourOf(b)))
                    .forEach(out::add);
        }
        return out;
    }

    /**
     * The segments that can hold a record of {@code range}: from the hour of its start to the hour
     * after the hour of its end (a record that arrived up to an hour late sits in the next one).
     */
    public static List<Path> segments(Path dir, Stream s, TimeRange range) throws IOException {
        long first = range.from() == Long.MIN_VALUE ? Long.MIN_VALUE : hourStart(range.from());
        long last =
                range.until() >= Long.MAX_VALUE - HOUR_MS
                        ? Long.MAX_VALUE
                        : hourStart(range.until()) + HOUR_MS;
        List<Path> out = new ArrayList<>();
        for (Path p : segments(dir, s)) {
            long h = hourOf(p);
            if (h >= first && h <= last) {
                out.add(p);
            }
        }
        return out;
    }

    /** Whether a stream has a segment for an hour after {@code hourStart}. */
    public static boolean hasSegmentAfter(Path dir, Stream s, long hourStart) throws IOException {
        for (Path p : segments(dir, s)) {
            if (hourOf(p) > hourStart) {
                return true;
            }
        }
        return false;
    }
}
