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
     * The registry carries no event time. It holds time back until it has been read: in a bounded
     * run until its file ends; live, until no entry has arrived for {@code quiet} (the compacted
     * topic has been read to its end); then the split is marked idle, so that it never holds time
     * back again, and later entries apply as they come.
     */
    public static WatermarkStrategy<CityEvent> registry(Duration quiet) {
        long quietMs = quiet.toMillis();
        return WatermarkStrategy.<CityEvent>forGenerator(ctx -> new RegistryLoaded(quietMs))
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

    /**
     * Holds time back (emits nothing, so the split's watermark stays at its minimum) until the
     * registry has been read, then marks the split idle: an idle input no longer holds back the
     * operators downstream, yet never pushes their time forward either.
     */
    static final class RegistryLoaded implements WatermarkGenerator<CityEvent> {
        private final long quietMs;
        private long lastEntry = System.currentTimeMillis();
        private boolean loaded;

        RegistryLoaded(long quietMs) {
            this.quietMs = quietMs;
        }

        @Override
        public void onEvent(CityEvent e, long ts, WatermarkOutput out) {
            lastEntry = System.currentTimeMillis();
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput out) {
            if (!loaded && quietMs > 0 && System.currentTimeMillis() - lastEntry >= quietMs) {
                loaded = true;
            }
            if (loaded) {
                out.markIdle();
            }
        }
    }
}
