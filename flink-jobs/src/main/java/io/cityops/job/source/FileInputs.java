package io.cityops.job.source;

import io.cityops.archive.ArchiveLayout;
import io.cityops.archive.Slice;
import io.cityops.archive.TimeRange;
import io.cityops.events.Stream;
import io.cityops.job.CityEvent;
import io.cityops.job.JobConfig;

import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The files of a replay folder (CONTRACT.md layout, {@code .ndjson} or {@code .ndjson.gz}), or of
 * an archive that {@code cityops record} wrote ({@link ArchiveLayout}: detected by its stream
 * folders). Each stream is read whole, in order, by one reader; no idleness, so a replay's results
 * do not depend on speed. With a time range, or from an archive, a stream is one lane of several
 * files ({@link LaneFormat}); a replay folder read whole goes the contract's way, file by file.
 */
public final class FileInputs implements Inputs {
    private static final long serialVersionUID = 1L;
    private final String dir;
    private final TimeRange range;

    public FileInputs(Path dir) {
        this(dir, TimeRange.ALL);
    }

    /** Only the records of {@code range} (the registry whole). */
    public FileInputs(Path dir, TimeRange range) {
        this.dir = dir.toAbsolutePath().toString();
        this.range = range;
    }

    /** The file of a stream in a replay folder, plain or gzipped, or null. */
    public static Path fileOf(Path dir, Stream stream) {
        return Slice.fileOf(dir, stream);
    }

    @Override
    public DataStream<CityEvent> open(
            StreamExecutionEnvironment env, Stream stream, JobConfig config) {
        FileSource<CityEvent> source;
        try {
            source =
                    range.isAll() && !ArchiveLayout.isArchive(Path.of(dir))
                            ? replayFile(stream, config)
                            : lane(stream, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (source == null) {
            return null;
        }
        var strategy =
                stream == Stream.REGISTRY
                        ? CityWatermarks.registrySnapshot()
                        : CityWatermarks.events(config.outOfOrderness(), Duration.ZERO);
        return env.fromSource(source, strategy, Inputs.sourceId(stream))
                .uid(Inputs.sourceId(stream));
    }

    private FileSource<CityEvent> replayFile(Stream stream, JobConfig config) {
        Path file = fileOf(Path.of(dir), stream);
        if (file == null) {
            return null;
        }
        return FileSource.forRecordStreamFormat(
                        new NdjsonFormat(stream, config.outOfOrderness().toMillis()),
                        new org.apache.flink.core.fs.Path(file.toUri()))
                .build();
    }

    /**
     * The stream's lane: its manifest, written to a temporary file (removed when the JVM exits), is
     * the one file the source reads, so one reader reads the whole lane in order.
     */
    private FileSource<CityEvent> lane(Stream stream, JobConfig config) throws IOException {
        Slice slice = Slice.of(Path.of(dir), range);
        if (!slice.has(stream)) {
            return null;
        }
        Path manifest = Files.createTempFile("cityops-" + stream.label() + "-", ".lane");
        manifest.toFile().deleteOnExit();
        Files.writeString(manifest, slice.manifest(stream), StandardCharsets.UTF_8);
        return FileSource.forRecordStreamFormat(
                        new LaneFormat(stream, config.outOfOrderness().toMillis()),
                        new org.apache.flink.core.fs.Path(manifest.toUri()))
                .build();
    }
}
