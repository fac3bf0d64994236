package io.cityops.job.source;

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
 * Reads a replay file (NDJSON, gzip undone by the file source) of one stream, decoding each line.
 * One file is one split and one lane, read in order by one reader, so lateness is judged in file
 * order.
 */
public final class NdjsonFormat extends SimpleStreamFormat<CityEvent> {
    private static final long serialVersionUID = 1L;
    private final Stream stream;
    private final long boundMs;

    public NdjsonFormat(Stream stream, long boundMs) {
        this.stream = stream;
        this.boundMs = boundMs;
    }

    @Override
    public StreamFormat.Reader<CityEvent> createReader(Configuration config, FSDataInputStream in) {
        BufferedReader lines =
                new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        LaneClock clock = new LaneClock(boundMs);
        return new StreamFormat.Reader<>() {
            @Override
            public CityEvent read() throws IOException {
                String line;
                do {
                    line = lines.readLine();
                    if (line == null) {
                        return null;
                    }
                } while (line.isBlank());
                CityEvent e = clock.admit(Decoding.decode(stream, line), stream.label(), line);
                e.arrivedAt = System.currentTimeMillis();
                return e;
            }

            @Override
            public void close() throws IOException {
                lines.close();
            }
        };
    }

    @Override
    public TypeInformation<CityEvent> getProducedType() {
        return TypeInformation.of(CityEvent.class);
    }
}
