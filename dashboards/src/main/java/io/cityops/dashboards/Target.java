package io.cityops.dashboards;

/**
 * One raw InfluxQL query of a panel, with Grafana's macros still in it ({@code $timeFilter}, {@code
 * $__interval}, {@code $district}, ...): {@link PanelQueries} expands them as Grafana does.
 *
 * @param refId Grafana's name for the query within its panel (A, B, ...)
 * @param alias how Grafana names each returned series ({@code $tag_district}, {@code $col}), or
 *     null for the measurement's own naming
 */
public record Target(String refId, String query, ResultFormat format, String alias) {

    /** Grafana's InfluxDB result formats. */
    public enum ResultFormat {
        TIME_SERIES("time_series"),
        TABLE("table");

        private final String grafanaName;

        ResultFormat(String grafanaName) {
            this.grafanaName = grafanaName;
        }

        public String grafanaName() {
            return grafanaName;
        }
    }
}
