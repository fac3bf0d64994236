package io.cityops.job.metrics;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

import java.util.HashMap;
import java.util.Map;

/**
 * Pre-aggregates samples within one subtask before they are shuffled by series, so that a city's
 * readings cost a map update each rather than a record on the network: {@code events} for a
 * district is one sample per watermark, not one per reading. Every field combines associatively
 * ({@link Schema.Agg}), so partial sums are summed again by {@link BucketAggregator} and the points
 * do not depend on where the flushes fell.
 *
 * <p>Flushes on every watermark, before a checkpoint barrier (so it holds nothing to snapshot), at
 * the end of input, and when it holds {@link #MAX_HELD} entries.
 */
public final class SampleCombiner<T> extends AbstractStreamOperator<Sample>
        implements OneInputStreamOperator<T, Sample>, Extractor.Out {
    private static final long serialVersionUID = 1L;
    static final int MAX_HELD = 50_000;

    private final Extractor<T> extractor;
    private transient Map<BucketKey, Sample> held;
    private transient long watermark;

    private record BucketKey(String key, long bucket) {}

    public SampleCombiner(Extractor<T> extractor) {
        this.extractor = extractor;
    }

    @Override
    public void open() throws Exception {
        super.open();
        held = new HashMap<>();
        watermark = Long.MIN_VALUE;
    }

    @Override
    public void processElement(StreamRecord<T> element) {
        extractor.samples(element.getValue(), watermark, this);
        if (held.size() >= MAX_HELD) {
            flush();
        }
    }

    @Override
    public void add(String series, String field, long ts, double value) {
        String measurement = Schema.measurement(series);
        String key = Schema.key(series, field);
        long bucket = Schema.bucket(measurement, ts);
        Schema.Agg agg = Schema.agg(measurement, field);
        held.merge(
                new BucketKey(key, bucket),
                new Sample(key, bucket, value),
                (a, b) -> {
                    a.value =
                            agg == Schema.Agg.MAX ? Math.max(a.value, b.value) : a.value + b.value;
                    return a;
                });
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        flush();
        watermark = mark.getTimestamp();
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void finish() throws Exception {
        flush();
        super.finish();
    }

    private void flush() {
        if (held.isEmpty()) {
            return;
        }
        StreamRecord<Sample> r = new StreamRecord<>(null);
        for (Sample s : held.values()) {
            output.collect(r.replace(s));
        }
        held.clear();
    }
}
