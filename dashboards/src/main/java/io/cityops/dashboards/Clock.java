package io.cityops.dashboards;

/** Which clock stamps the points a panel reads (docs/metrics.md, "Two clocks"). */
public enum Clock {
    /** City measurements: event time, so a replay of last week is read over last week. */
    EVENT,
    /** Pipeline measurements: the machine's wall clock. */
    WALL
}
