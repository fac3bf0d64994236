package io.cityops.dashboards;

/** A dashboard's time range, in epoch milliseconds, both ends included as Grafana's are. */
public record TimeRange(long fromMs, long toMs) {
    public TimeRange {
        if (toMs < fromMs) {
            throw new IllegalArgumentException(
                    "time range ends before it starts: from " + fromMs + " to " + toMs);
        }
    }

    public long lengthMs() {
        return toMs - fromMs;
    }
}
