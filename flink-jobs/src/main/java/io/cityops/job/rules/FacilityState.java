package io.cityops.job.rules;

import io.cityops.events.Metric;

/**
 * A facility's state: the latest value of each of its metrics, indexed by {@link Metric#ordinal()}.
 * A metric never reported counts as 0 (RULES.md).
 */
public final class FacilityState {
    private FacilityState() {}

    public static double[] empty() {
        return new double[Metric.values().length];
    }

    /** The state after a reading: a new array, the previous one untouched. */
    public static double[] apply(double[] previous, Metric metric, double value) {
        double[] next = previous == null ? empty() : previous.clone();
        if (metric != Metric.HEARTBEAT) {
            next[metric.ordinal()] = value;
        }
        return next;
    }
}
