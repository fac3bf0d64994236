package io.cityops.job.source;

import io.cityops.archive.LaneReader;
import io.cityops.archive.Slice;
import io.cityops.events.Stream;
import io.cityops.job.CityEvent;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Reads one stream of an archive, or of a replay folder within a time range, as one lane: the file
 * the source is given is the lane's manifest ({@link Slice#manifest}), which names the files to
 * read in order and the range to keep. Decoded and judged for lateness exactly as {@link
 * NdjsonFormat} does a replay file.
 */
public final class LaneFormat extends SimpleStreamFormat<CityEvent> {
    private static final long serialVersionUID = 1L;
    private final Stream stream;
    private final long boundMs;

    public LaneFormat(Stream stream, long boundMs) {
        this.stream = stream;
        this.boundMs = boundMs;
    }

    @Override
    public StreamFormat.Reader<CityEvent> createReader(Configuration config, FSDataInputStream in)
            throws IOException {
        LaneReader lane;
        try (BufferedReader manifest =
                new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            lane = Slice.fromManifest(stream, manifest);
        }
        LaneClock clock = new LaneClock(boundMs);
        return new StreamFormat.Reader<>() {
            @Override
            public CityEvent read() throws IOException {
                String line = lane.next();
                if (line == null) {
                    return null;
                }
                // The lane decoded the line to find its event time: no second decode.
                return clock.admit(lane.event(), stream.label(), line);
            }

            @Override
            public void close() throws IOException {
                lane.close();
            }
        };
    }

    @Override
    public TypeInformation<CityEvent> getProducedType() {
        return TypeInformation.of(CityEvent.class);
    }
}
