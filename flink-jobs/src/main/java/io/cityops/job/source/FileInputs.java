package io.cityops.job.source;

import io.cityops.events.Stream;
import io.cityops.job.CityEvent;
import io.cityops.job.JobConfig;

import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The files of a replay folder (CONTRACT.md layout, {@code .ndjson} or {@code .ndjson.gz}). Each
 * file is read whole by one reader; no idleness, so a replay's results do not depend on speed.
 */
public final class FileInputs implements Inputs {
    private static final long serialVersionUID = 1L;
    private final String dir;

    public FileInputs(Path dir) {
        this.dir = dir.toAbsolutePath().toString();
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

    @Override
    public DataStream<CityEvent> open(
            StreamExecutionEnvironment env, Stream stream, JobConfig config) {
        Path file = fileOf(Path.of(dir), stream);
        if (file == null) {
            return null;
        }
        FileSource<CityEvent> source =
                FileSource.forRecordStreamFormat(
                                new NdjsonFormat(stream, config.outOfOrderness().toMillis()),
                                new org.apache.flink.core.fs.Path(file.toUri()))
                        .build();
        var strategy =
                stream == Stream.REGISTRY
                        ? CityWatermarks.registry(Duration.ZERO)
                        : CityWatermarks.events(config.outOfOrderness(), Duration.ZERO);
        return env.fromSource(source, strategy, Inputs.sourceId(stream))
                .uid(Inputs.sourceId(stream));
    }
}
