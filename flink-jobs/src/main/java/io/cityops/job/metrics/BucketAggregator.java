package io.cityops.job.metrics;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keyed by series and field, so that one subtask owns each point: sums up a bucket's samples and
 * writes the point (a line of line protocol) when the watermark has passed the bucket. Samples that
 * arrive late, up to {@link #GRACE_MS} after the bucket, rewrite the point with the corrected value
 * (InfluxDB keeps the last write of a point); later ones are counted ({@code cityops.metrics.late})
 * and dropped.
 *
 * <p>A {@link Schema.Agg#GAUGE} keeps its running total and writes it for every bucket in which it
 * changed; a late change is folded into the last bucket written.
 */
public final class BucketAggregator extends KeyedProcessFunction<String, Sample, String> {
    private static final long serialVersionUID = 1L;
    public static final long GRACE_MS = 5 * 60_000;

    /** A bucket's value and whether it changed since it was last written. */
    private transient MapState<Long, Double> values;

    private transient MapState<Long, Boolean> dirty;
    private transient ValueState<Double> total;
    private transient ValueState<Long> lastWritten;
    private transient Counter late;

    @Override
    public void open(OpenContext ctx) {
        values =
                getRuntimeContext()
                        .getMapState(new MapStateDescriptor<>("values", Types.LONG, Types.DOUBLE));
        dirty =
                getRuntimeContext()
                        .getMapState(new MapStateDescriptor<>("dirty", Types.LONG, Types.BOOLEAN));
        total = getRuntimeContext().getState(new ValueStateDescriptor<>("total", Types.DOUBLE));
        lastWritten = getRuntimeContext().getState(new ValueStateDescriptor<>("last", Types.LONG));
        late =
                getRuntimeContext()
                        .getMetricGroup()
                        .addGroup("cityops")
                        .addGroup("metrics")
                        .counter("late");
    }

    @Override
    public void processElement(Sample s, Context ctx, Collector<String> out) throws Exception {
        String measurement = Schema.measurement(s.key);
        long width = Schema.width(measurement);
        Schema.Agg agg = Schema.agg(measurement, Schema.field(s.key));
        long wm = ctx.timerService().currentWatermark();
        long bucket = s.bucket;
        if (agg == Schema.Agg.GAUGE) {
            Long last = lastWritten.value();
            if (last != null && bucket <= last) {
                bucket = last;
            }
        } else if (bucket + width - 1 + GRACE_MS <= wm) {
            late.inc();
            return;
        }
        Double v = values.get(bucket);
        values.put(
                bucket,
                v == null ? s.value : agg == Schema.Agg.MAX ? Math.max(v, s.value) : v + s.value);
        dirty.put(bucket, true);
        long due = bucket + width - 1;
        ctx.timerService().registerEventTimeTimer(Math.max(due, wm + 1));
        if (agg != Schema.Agg.GAUGE) {
            ctx.timerService().registerEventTimeTimer(due + GRACE_MS);
        }
    }

    @Override
    public void onTimer(long t, OnTimerContext ctx, Collector<String> out) throws Exception {
        String key = ctx.getCurrentKey();
        String measurement = Schema.measurement(key);
        long width = Schema.width(measurement);
        boolean gauge = Schema.agg(measurement, Schema.field(key)) == Schema.Agg.GAUGE;
        List<Long> due = new ArrayList<>();
        for (Map.Entry<Long, Double> e : values.entries()) {
            if (e.getKey() + width - 1 <= t) {
                due.add(e.getKey());
            }
        }
        due.sort(null);
        for (long bucket : due) {
            double v = values.get(bucket);
            if (gauge) {
                Double before = total.value();
                double now = (before == null ? 0 : before) + v;
                out.collect(Schema.line(key, now, bucket));
                total.update(now == 0 ? null : now);
                lastWritten.update(bucket);
                values.remove(bucket);
                dirty.remove(bucket);
                continue;
            }
            if (Boolean.TRUE.equals(dirty.get(bucket))) {
                out.collect(Schema.line(key, v, bucket));
                dirty.put(bucket, false);
            }
            if (bucket + width - 1 + GRACE_MS <= t) {
                values.remove(bucket);
                dirty.remove(bucket);
            }
        }
    }
}
