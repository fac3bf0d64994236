package io.cityops.job.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cityops.influx.LocalInflux;

import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * InfluxDB stops and comes back while the writer is taking points: the task never waits, what the
 * bounded buffer cannot hold is dropped and counted, and once InfluxDB is back every point is
 * either in it or in the count (which the writer reports in {@code pipeline.metrics_dropped}).
 */
class InfluxOutageTest {
    private static final int CAPACITY = 50;
    private static final long BASE = 1_784_592_000_000L;

    @TempDir Path dir;

    @Test
    void pointsItCannotKeepAreCountedAndTheRestArriveAfterTheOutage() throws Exception {
        LocalInflux influx = LocalInflux.start(dir.resolve("influx"), 0);
        int port = URI.create(influx.url()).getPort();
        var harness =
                new OneInputStreamOperatorTestHarness<>(
                        new InfluxWriter(influx.url(), "outage", CAPACITY));
        try (InfluxDB reader = InfluxDBFactory.connect(influx.url())) {
            harness.open();
            offer(harness, 0, 20);
            await().atMost(Duration.ofSeconds(60)).until(() -> count(reader) == 20);

            influx.stop();
            long started = System.nanoTime();
            offer(harness, 20, 220);
            assertThat((System.nanoTime() - started) / 1e9)
                    .as("seconds the task spent offering 200 points to a stopped InfluxDB")
                    .isLessThan(2);

            influx = LocalInflux.start(dir.resolve("influx"), port);
            // Once the buffer has drained, the health line reports the writer's counters.
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(500))
                    .until(
                            () -> {
                                harness.setProcessingTime(
                                        harness.getProcessingTime()
                                                + InfluxWriter.HEALTH_INTERVAL_MS);
                                Long dropped = lastDropped(reader);
                                return dropped != null && count(reader) + dropped == 220;
                            });
            assertThat(lastDropped(reader)).as("points dropped during the outage").isPositive();
            assertThat(count(reader)).as("points written").isGreaterThan(20);
        } finally {
            harness.close();
            influx.close();
        }
    }

    private static void offer(
            OneInputStreamOperatorTestHarness<String, Void> harness, int from, int to)
            throws Exception {
        for (int i = from; i < to; i++) {
            harness.processElement(
                    new StreamRecord<>("outage,run=test n=" + i + "i " + (BASE + i)));
        }
    }

    private static long count(InfluxDB reader) {
        List<QueryResult.Series> s = series(reader, "SELECT count(\"n\") FROM \"outage\"");
        return s.isEmpty() ? 0 : ((Number) s.get(0).getValues().get(0).get(1)).longValue();
    }

    private static Long lastDropped(InfluxDB reader) {
        List<QueryResult.Series> s =
                series(reader, "SELECT last(\"metrics_dropped\") FROM \"pipeline\"");
        return s.isEmpty() ? null : ((Number) s.get(0).getValues().get(0).get(1)).longValue();
    }

    private static List<QueryResult.Series> series(InfluxDB reader, String q) {
        try {
            QueryResult r = reader.query(new Query(q, "outage"));
            if (r.getError() != null || r.getResults().get(0).getError() != null) {
                return List.of(); // the database does not exist yet
            }
            List<QueryResult.Series> s = r.getResults().get(0).getSeries();
            return s == null ? List.of() : s;
        } catch (RuntimeException e) {
            return List.of(); // InfluxDB is still starting
        }
    }
}
