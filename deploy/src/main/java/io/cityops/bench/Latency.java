package io.cityops.bench;

import java.util.Arrays;
import java.util.Map;

/**
 * The monitor's latency at a fixed offered rate, per incident version a match made, in ms:
 *
 * <ul>
 *   <li>{@code raw}: from its last evidence's append to Kafka to its own append;
 *   <li>{@code inputWait}: how much of that the input itself imposed: until every partition had
 *       carried an event past the incident's time plus the out-of-orderness bound, so that no
 *       watermark could pass the incident sooner ({@link WatermarkTrace});
 *   <li>{@code own}: the rest, the job's own delay beyond the bound;
 *   <li>{@code visible}: from the evidence's append to when a consumer of committed data (as the
 *       console reads) got the incident: the same as {@code raw} give or take a poll, unless the
 *       sink writes in transactions, which commit at checkpoints.
 * </ul>
 */
record Latency(
        double offeredRate,
        double achievedRate,
        double speed,
        long boundMs,
        long[] raw,
        long[] inputWait,
        long[] own,
        long[] visible,
        int unmatched,
        int warmup,
        int never,
        Map<String, Integer> byRule) {

    Latency {
        Arrays.sort(raw);
        Arrays.sort(inputWait);
        Arrays.sort(own);
        Arrays.sort(visible);
    }

    int samples() {
        return raw.length;
    }

    /** The bound in wall-clock ms at this run's speed. */
    double boundWallMs() {
        return boundMs / speed;
    }

    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return -1;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    long rawP(double p) {
        return percentile(raw, p);
    }

    long waitP(double p) {
        return percentile(inputWait, p);
    }

    long ownP(double p) {
        return percentile(own, p);
    }

    long visibleP(double p) {
        return percentile(visible, p);
    }
}
