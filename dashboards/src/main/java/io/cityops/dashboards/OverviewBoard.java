package io.cityops.dashboards;

import static io.cityops.dashboards.InfluxQl.WHERE_DISTRICT;
import static io.cityops.dashboards.InfluxQl.WHERE_DISTRICT_RULE;
import static io.cityops.dashboards.InfluxQl.openIncidents;

import io.cityops.dashboards.Panel.Naming;

import java.util.List;

/** City overview: the operations centre's wall, what is open where and the weather behind it. */
final class OverviewBoard {
    static final String UID = "cityops-overview";

    private OverviewBoard() {}

    static Board board() {
        return new Board(
                UID,
                "City overview",
                "What is open where, what just opened, and the rain and wind behind it.",
                List.of(
                        Panel.of(Viz.BAR_GAUGE, "Open incidents by district")
                                .unit("short")
                                .description(
                                        "Incidents not yet resolved, closed or suppressed at the end of the range, by district.")
                                .series(openIncidents("", "\"district\""), "$tag_district")
                                .naming(Naming.DISTRICT)
                                .thresholds(
                                        Step.base("green"),
                                        Step.from(5, "orange"),
                                        Step.from(10, "red"))
                                .expect("district", 1)
                                .build(),
                        Panel.of(Viz.BAR_GAUGE, "Opened in the last hour by rule")
                                .unit("short")
                                .description(
                                        "Incidents opened in the last hour of the range, by the rule that raised them.")
                                // The range's last hour, not now's: a replay of last week shows its
                                // own.
                                .series(
                                        "SELECT sum(\"count\") FROM \"incidents_opened\""
                                                + WHERE_DISTRICT_RULE
                                                + " AND time >= ${__to}ms - 1h GROUP BY \"rule\"",
                                        "$tag_rule")
                                .thresholds(Step.base("blue"))
                                .expect("rule", 1)
                                .build(),
                        Panel.of(Viz.STAT, "Open incidents by severity")
                                .unit("short")
                                .description(
                                        "Incidents open at the end of the range, by severity (a breach raises it one step).")
                                .series(openIncidents("", "\"severity\""), "$tag_severity")
                                .naming(Naming.SEVERITY)
                                .expect("severity", 1)
                                .build(),
                        Panel.of(Viz.BARS, "Incidents opened by rule")
                                .unit("short")
                                .description("Incidents opened per interval, stacked by rule.")
                                .series(
                                        "SELECT sum(\"count\") FROM \"incidents_opened\""
                                                + WHERE_DISTRICT_RULE
                                                + " GROUP BY time($__interval), \"rule\" fill(none)",
                                        "$tag_rule")
                                .expect("rule", 1)
                                .build(),
                        Panel.of(Viz.TIMESERIES, "Rain in the last hour by district")
                                .unit("lengthmm")
                                .description(
                                        "Highest rain_mm_1h any station of the district reported; 30 mm makes waterlogging HIGH.")
                                .series(
                                        "SELECT max(\"rain_mm_1h\") FROM \"weather\""
                                                + WHERE_DISTRICT
                                                + " GROUP BY time($__interval), \"district\" fill(none)",
                                        "$tag_district")
                                .naming(Naming.DISTRICT)
                                .min(0)
                                .thresholds(Step.base("green"), Step.from(30, "red"))
                                .expect("district", 1)
                                .build(),
                        Panel.of(Viz.TIMESERIES, "Gusts by district")
                                .unit("velocityms")
                                .description(
                                        "Strongest gust any station of the district reported; from 17.2 m/s tilting structures open STRUCTURE_WIND.")
                                .series(
                                        "SELECT max(\"gust_ms\") FROM \"weather\""
                                                + WHERE_DISTRICT
                                                + " GROUP BY time($__interval), \"district\" fill(none)",
                                        "$tag_district")
                                .naming(Naming.DISTRICT)
                                .min(0)
                                .thresholds(Step.base("green"), Step.from(17.2, "red"))
                                .expect("district", 1)
                                .build()));
    }
}
