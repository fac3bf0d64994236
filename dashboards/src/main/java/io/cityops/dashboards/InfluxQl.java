package io.cityops.dashboards;

/**
 * The pieces of InfluxQL the boards share, with Grafana's macros in them: {@code $timeFilter} is
 * the board's time range, {@code $district} and {@code $category} its variables, which Grafana
 * writes into a regex as {@code (a|b|...)} when several or "All" are chosen.
 */
final class InfluxQl {
    static final String IN_DISTRICT = "\"district\" =~ /^$district$/";

    static final String IN_CATEGORY = "\"rule\" =~ /^$category$/";

    /** In the range. */
    static final String WHERE_IN_RANGE = " WHERE $timeFilter";

    /** In the range and the chosen districts. */
    static final String WHERE_DISTRICT = WHERE_IN_RANGE + " AND " + IN_DISTRICT;

    /** In the range, the chosen districts and the chosen rules. */
    static final String WHERE_DISTRICT_RULE = WHERE_DISTRICT + " AND " + IN_CATEGORY;

    private InfluxQl() {}

    /**
     * Open incidents at the end of the range, summed by {@code groupBy}. The gauge is written only
     * in the minutes it changed, so each series' last value up to the range's end is the current
     * count; there is no lower bound, else an incident open since before the range would not count.
     *
     * @param and extra conditions on the open_incidents series, each starting with " AND "
     */
    static String openIncidents(String and, String groupBy) {
        return "SELECT sum(\"open\") FROM (SELECT last(\"count\") AS \"open\" FROM \"open_incidents\""
                + " WHERE time <= ${__to}ms AND "
                + IN_DISTRICT
                + " AND "
                + IN_CATEGORY
                + and
                + " GROUP BY \"rule\", \"district\", \"severity\") GROUP BY "
                + groupBy;
    }
}
