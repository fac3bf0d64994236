package io.cityops.dashboards;

/** The Grafana visualisations the boards use, by their panel type ids. */
public enum Viz {
    TIMESERIES("timeseries"),
    /**
     * A time series drawn as stacked bars: counts per interval, where a line would suggest a rate.
     */
    BARS("timeseries"),
    BAR_GAUGE("bargauge"),
    STAT("stat"),
    TABLE("table");

    private final String grafanaType;

    Viz(String grafanaType) {
        this.grafanaType = grafanaType;
    }

    public String grafanaType() {
        return grafanaType;
    }
}
