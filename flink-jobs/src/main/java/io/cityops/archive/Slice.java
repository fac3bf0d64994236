package io.cityops.archive;

import io.cityops.events.Stream;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a replay reads of a folder, a replay folder or an archive ({@link ArchiveLayout}), within a
 * time range: per stream the files of its lane in order. The registry is always read whole (it has
 * no event time).
 */
public final class Slice {
    private final Path dir;
    private final TimeRange range;
    private final boolean archive;
    private final Map<Stream, List<LaneReader.Source>> lanes = new EnumMap<>(Stream.class);

    private Slice(Path dir, TimeRange range, boolean archive) {
        this.dir = dir;
        this.range = range;
        this.archive = archive;
    }

    public static Slice of(Path dir, TimeRange range) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(
                    dir + " is not a folder (expected a replay folder or an archive)");
        }
        Slice s = new Slice(dir, range, ArchiveLayout.isArchive(dir));
        for (Stream stream : Stream.values()) {
            List<LaneReader.Source> files = new ArrayList<>();
            if (s.archive && stream != Stream.REGISTRY) {
                for (Path p : ArchiveLayout.segments(dir, stream, range)) {
                    files.add(new LaneReader.Source(p, ArchiveLayout.hourOf(p)));
                }
            } else {
                Path f = fileOf(dir, stream);
                if (f != null) {
                    files.add(LaneReader.Source.plain(f));
                }
            }
            s.lanes.put(stream, files);
        }
        return s;
    }

    /** The file of a stream in a replay folder, plain or gzipped, or null. */
    public static Path fileOf(Path dir, Stream stream) {
        Path plain = dir.resolve(stream.file());
        if (Files.isRegularFile(plain)) {
            return plain;
        }
        Path gz = dir.resolve(stream.file() + ".gz");
        return Files.isRegularFile(gz) ? gz : null;
    }

    public boolean archive() {
        return archive;
    }

    public TimeRange range() {
        return range;
    }

    /** Whether a stream has anything to read: a file, or a segment in the range. */
    public boolean has(Stream s) {
        return !lanes.get(s).isEmpty();
    }

    /** The range that applies to a stream: the registry's entries have no time and all count. */
    public TimeRange rangeOf(Stream s) {
        return s == Stream.REGISTRY ? TimeRange.ALL : range;
    }

    /** A reader of a stream's lane in the range. */
    public LaneReader reader(Stream s) {
        return new LaneReader(s, lanes.get(s), rangeOf(s));
    }

    /**
     * The manifest of a stream's lane, which {@link #fromManifest} turns back into its reader (a
     * Flink file source reads it as the one split of the lane).
     */
    public String manifest(Stream s) {
        TimeRange r = rangeOf(s);
        StringBuilder b = new StringBuilder("# cityops lane: ").append(s.label()).append('\n');
        b.append("range ").append(r.from()).append(' ').append(r.until()).append('\n');
        for (LaneReader.Source src : lanes.get(s)) {
            b.append("file ")
                    .append(src.hourStart())
                    .append(' ')
                    .append(src.file().toAbsolutePath())
                    .append('\n');
        }
        return b.toString();
    }

    public static LaneReader fromManifest(Stream stream, BufferedReader manifest)
            throws IOException {
        TimeRange range = TimeRange.ALL;
        List<LaneReader.Source> files = new ArrayList<>();
        for (String line = manifest.readLine(); line != null; line = manifest.readLine()) {
            if (line.startsWith("range ")) {
                String[] p = line.split(" ");
                range = new TimeRange(Long.parseLong(p[1]), Long.parseLong(p[2]));
            } else if (line.startsWith("file ")) {
                int sp = line.indexOf(' ', 5);
                files.add(
                        new LaneReader.Source(
                                Path.of(line.substring(sp + 1)),
                                Long.parseLong(line.substring(5, sp))));
            }
        }
        return new LaneReader(stream, files, range);
    }

    /**
     * Where time ends for a replay of this slice: the largest {@code ts} it keeps; or the end of
     * the range when the folder holds later records (time did pass it); 0 when it keeps none.
     */
    public long endOfTime() throws IOException {
        AtomicLong kept = new AtomicLong(Long.MIN_VALUE);
        AtomicLong seen = new AtomicLong(Long.MIN_VALUE);
        List<Thread> scans = new ArrayList<>();
        List<IOException> errors = new ArrayList<>();
        for (Stream s : Stream.values()) {
            if (s == Stream.REGISTRY || !has(s)) {
                continue;
            }
            Thread t =
                    new Thread(
                            () -> {
                                try (LaneReader r = reader(s)) {
                                    while (r.next() != null) {
                                        // the reader keeps the maxima
                                    }
                                    kept.accumulateAndGet(r.maxKept(), Math::max);
                                    seen.accumulateAndGet(r.maxSeen(), Math::max);
                                } catch (IOException | UncheckedIOException e) {
                                    synchronized (errors) {
                                        errors.add(
                                                e instanceof IOException io
                                                        ? io
                                                        : ((UncheckedIOException) e).getCause());
                                    }
                                }
                            },
                            "scan-" + s.label());
            t.start();
            scans.add(t);
        }
        for (Thread t : scans) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while scanning " + dir, e);
            }
        }
        if (!errors.isEmpty()) {
            throw errors.get(0);
        }
        if (range.until() != Long.MAX_VALUE) {
            boolean later = seen.get() > range.until();
            if (archive) {
                long lastRead = ArchiveLayout.hourStart(range.until()) + ArchiveLayout.HOUR_MS;
                for (Stream s : ArchiveLayout.SEGMENTED) {
                    later |= ArchiveLayout.hasSegmentAfter(dir, s, lastRead);
                }
            }
            if (later) {
                return range.until();
            }
        }
        return kept.get() == Long.MIN_VALUE ? 0 : kept.get();
    }
}
