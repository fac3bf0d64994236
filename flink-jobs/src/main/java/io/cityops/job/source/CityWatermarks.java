package io.cityops.job.source;

import io.cityops.job.CityEvent;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

import java.time.Duration;

/** The watermark strategies of the job's inputs. */
public final class CityWatermarks {
    private CityWatermarks() {}

    /**
     * Event streams: the newest event time seen in the split minus the out-of-orderness bound (the
     * same rule as {@link LaneClock}, so an event it admits is never behind the watermark).
     * Rejected input does not move time. With {@code idleness > 0} a silent split stops holding
     * time back after that long (live runs only: in a replay it would make results depend on
     * speed).
     */
    public static WatermarkStrategy<CityEvent> events(Duration bound, Duration idleness) {
        long boundMs = bound.toMillis();
        WatermarkStrategy<CityEvent> s =
                WatermarkStrategy.<CityEvent>forGenerator(ctx -> new BoundedLag(boundMs))
                        .withTimestampAssigner((e, previous) -> e.ts);
        return idleness.isZero() ? s : s.withIdleness(idleness);
    }

    /**
     * The registry as it stood when the job started (a bounded read of the compacted topic to the
     * end offsets it had then, or the registry file of a replay). It carries no event time and
     * holds time back until it has been read to its end, where the source ends and releases it.
     */
    public static WatermarkStrategy<CityEvent> registrySnapshot() {
        return WatermarkStrategy.<CityEvent>forGenerator(ctx -> new HoldUntilEnd())
                .withTimestampAssigner((e, previous) -> Long.MIN_VALUE);
    }

    /**
     * Registry entries that come while the job runs: they apply as they come and never hold time
     * back (the split is idle).
     */
    public static WatermarkStrategy<CityEvent> registryLive() {
        return WatermarkStrategy.<CityEvent>forGenerator(ctx -> new AlwaysIdle())
                .withTimestampAssigner((e, previous) -> Long.MIN_VALUE);
    }

    static final class BoundedLag implements WatermarkGenerator<CityEvent> {
        private final long boundMs;
        private long maxTs = Long.MIN_VALUE;

        BoundedLag(long boundMs) {
            this.boundMs = boundMs;
        }

        @Override
        public void onEvent(CityEvent e, long ts, WatermarkOutput out) {
            if (e.kind != CityEvent.REJECTED && e.kind != CityEvent.FACILITY && e.ts > maxTs) {
                maxTs = e.ts;
            }
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput out) {
            if (maxTs != Long.MIN_VALUE) {
                out.emitWatermark(new Watermark(maxTs - boundMs - 1));
            }
        }
    }

    /** Emits nothing: the split's watermark stays at its minimum until the source ends. */
    static final class HoldUntilEnd implements WatermarkGenerator<CityEvent> {
        @Override
        public void onEvent(CityEvent e, long ts, WatermarkOutput out) {}

        @Override
        public void onPeriodicEmit(WatermarkOutput out) {}
    }

    /** An idle input no longer holds back the operators downstream, nor pushes their time. */
    static final class AlwaysIdle implements WatermarkGenerator<CityEvent> {
        @Override
        public void onEvent(CityEvent e, long ts, WatermarkOutput out) {}

        @Override
        public void onPeriodicEmit(WatermarkOutput out) {
            out.markIdle();
        }
    }
}
