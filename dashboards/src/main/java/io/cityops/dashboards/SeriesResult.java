package io.cityops.dashboards;

import java.util.Map;

/**
 * One series an InfluxDB query returned: what a panel would draw as one line, bar or table group.
 *
 * @param refId the panel's query that returned it
 * @param name the measurement name InfluxDB gives it (for a subquery: the outer measurement)
 * @param tags the GROUP BY tags and their values (empty without GROUP BY tags)
 * @param rows how many rows (points) it has
 */
public record SeriesResult(String refId, String name, Map<String, String> tags, int rows) {
    public SeriesResult {
        tags = Map.copyOf(tags);
    }
}
