package io.cityops.job.metrics;

import okhttp3.OkHttpClient;

import org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBException;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes points (lines of line protocol) to InfluxDB without ever holding the job up: the task
 * thread only offers each line to a bounded queue, and a writer thread sends batches. When InfluxDB
 * is down or slow the queue fills and further lines are dropped, counted ({@code
 * cityops.metrics.dropped}) and logged at most once a minute; a batch InfluxDB refuses as malformed
 * is dropped and counted too, a batch that failed for any other reason is retried with backoff.
 *
 * <p>It also writes the pipeline's own health, stamped with the wall clock: every {@link
 * #HEALTH_INTERVAL_MS} the lag of its watermark behind the wall clock and its counters, and for
 * each checkpoint the time from its snapshot to the checkpoint's completion.
 *
 * <p>At the end of a bounded run it waits for the queue to empty, so a replay's metrics are all in
 * InfluxDB when the replay returns, unless InfluxDB has taken nothing for {@link
 * #DRAIN_TIMEOUT_MS}: then what is left is dropped and counted.
 */
public final class InfluxWriter extends AbstractStreamOperator<Void>
        implements OneInputStreamOperator<String, Void>, ProcessingTimeCallback {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(InfluxWriter.class);

    static final long HEALTH_INTERVAL_MS = 10_000;
    static final long DRAIN_TIMEOUT_MS = 10_000;
    static final int BATCH = 5_000;

    private final String url;
    private final String database;
    private final int capacity;

    private transient BlockingQueue<String> queue;
    private transient Thread sender;
    private transient volatile boolean running;
    private transient AtomicLong written;
    private transient AtomicLong dropped;
    private transient AtomicLong inFlight;
    private transient Counter writtenCounter;
    private transient Counter droppedCounter;
    private transient long watermark;
    private transient volatile long lastDropLog;
    private transient Map<Long, Long> snapshots;
    private transient String subtask;

    public InfluxWriter(String url, String database, int capacity) {
        this.url = url;
        this.database = database;
        this.capacity = capacity;
    }

    @Override
    public void open() throws Exception {
        super.open();
        queue = new ArrayBlockingQueue<>(capacity);
        written = new AtomicLong();
        dropped = new AtomicLong();
        inFlight = new AtomicLong();
        snapshots = new ConcurrentHashMap<>();
        watermark = Long.MIN_VALUE;
        subtask = String.valueOf(getRuntimeContext().getTaskInfo().getIndexOfThisSubtask());
        var group = getMetricGroup().addGroup("cityops").addGroup("metrics");
        writtenCounter = group.counter("written");
        droppedCounter = group.counter("dropped");
        group.gauge("queued", () -> queue.size());
        running = true;
        sender = new Thread(this::send, "influx-writer-" + subtask);
        sender.setDaemon(true);
        sender.start();
        schedule();
    }

    @Override
    public void processElement(StreamRecord<String> element) {
        offer(element.getValue());
    }

    private void offer(String line) {
        if (!queue.offer(line)) {
            drop(
                    1,
                    "the buffer of "
                            + capacity
                            + " points is full: InfluxDB at "
                            + url
                            + " is down or too slow");
        }
    }

    private void drop(long n, String why) {
        dropped.addAndGet(n);
        droppedCounter.inc(n);
        long now = System.currentTimeMillis();
        if (now - lastDropLog > 60_000) {
            lastDropLog = now;
            LOG.warn("metrics: dropped {} points so far; {}", dropped.get(), why);
        }
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        // The end of a bounded run (Long.MAX_VALUE) is no lag; the last event time before it is.
        if (mark.getTimestamp() < Long.MAX_VALUE) {
            watermark = mark.getTimestamp();
        }
        super.processWatermark(mark);
    }

    private void schedule() {
        long now = getProcessingTimeService().getCurrentProcessingTime();
        getProcessingTimeService().registerTimer(now + HEALTH_INTERVAL_MS, this);
    }

    @Override
    public void onProcessingTime(long time) {
        health(time);
        schedule();
    }

    private void health(long time) {
        StringBuilder b = new StringBuilder("pipeline,subtask=").append(subtask).append(' ');
        if (watermark > Long.MIN_VALUE) {
            b.append("watermark_lag_ms=").append(Math.max(0, time - watermark)).append(',');
        }
        b.append("metrics_written=").append(written.get());
        b.append(",metrics_dropped=").append(dropped.get());
        offer(b.append(' ').append(time).toString());
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        snapshots.put(context.getCheckpointId(), System.currentTimeMillis());
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        super.notifyCheckpointComplete(checkpointId);
        Long started = snapshots.remove(checkpointId);
        snapshots.keySet().removeIf(id -> id < checkpointId);
        if (started != null) {
            long now = System.currentTimeMillis();
            offer("checkpoints,subtask=" + subtask + " duration_ms=" + (now - started) + " " + now);
        }
    }

    @Override
    public void finish() throws Exception {
        health(System.currentTimeMillis()); // a bounded run's last word, however short it was
        // Wait while InfluxDB keeps taking points; give up once it has taken none for a while.
        long lastProgress = System.currentTimeMillis();
        long seen = written.get();
        while ((!queue.isEmpty() || inFlight.get() > 0)
                && System.currentTimeMillis() - lastProgress < DRAIN_TIMEOUT_MS) {
            Thread.sleep(20);
            if (written.get() != seen) {
                seen = written.get();
                lastProgress = System.currentTimeMillis();
            }
        }
        if (!queue.isEmpty()) {
            int left = queue.size();
            queue.clear();
            drop(left, "the run ended before InfluxDB at " + url + " took them");
        }
        super.finish();
    }

    @Override
    public void close() throws Exception {
        running = false;
        if (sender != null) {
            sender.interrupt();
            sender.join(5_000);
        }
        super.close();
    }

    /** The writer thread: batches from the queue, retried with backoff while InfluxDB fails. */
    private void send() {
        InfluxDB influx =
                InfluxDBFactory.connect(
                        url,
                        new OkHttpClient.Builder()
                                .connectTimeout(2, TimeUnit.SECONDS)
                                .readTimeout(10, TimeUnit.SECONDS)
                                .writeTimeout(10, TimeUnit.SECONDS));
        boolean databaseReady = false;
        long backoff = 500;
        List<String> batch = new ArrayList<>(BATCH);
        try {
            while (running) {
                if (batch.isEmpty()) {
                    String first = queue.poll(500, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    queue.drainTo(batch, BATCH - 1);
                    inFlight.set(batch.size());
                }
                try {
                    if (!databaseReady) {
                        influx.query(new Query("CREATE DATABASE \"" + database + "\""));
                        databaseReady = true;
                    }
                    influx.write(
                            database,
                            null,
                            InfluxDB.ConsistencyLevel.ONE,
                            TimeUnit.MILLISECONDS,
                            batch);
                    written.addAndGet(batch.size());
                    writtenCounter.inc(batch.size());
                    batch.clear();
                    inFlight.set(0);
                    backoff = 500;
                } catch (InfluxDBException e) {
                    if (!e.isRetryWorth()) {
                        LOG.warn(
                                "metrics: InfluxDB refused a batch of {}: {}",
                                batch.size(),
                                e.getMessage());
                        drop(batch.size(), "InfluxDB refused them: " + e.getMessage());
                        batch.clear();
                        inFlight.set(0);
                        continue;
                    }
                    backoff = retryLater(e, backoff);
                } catch (RuntimeException e) {
                    backoff = retryLater(e, backoff);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            influx.close();
        }
    }

    private long retryLater(Exception e, long backoff) throws InterruptedException {
        long now = System.currentTimeMillis();
        if (now - lastDropLog > 60_000) {
            lastDropLog = now;
            LOG.warn(
                    "metrics: InfluxDB at {} failed ({}); retrying, points queue up to {}",
                    url,
                    e.getMessage(),
                    capacity);
        }
        Thread.sleep(backoff);
        return Math.min(30_000, backoff * 2);
    }
}
