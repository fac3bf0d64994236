package io.cityops.dashboards;

import static io.cityops.dashboards.InfluxQl.WHERE_DISTRICT_RULE;

import io.cityops.dashboards.Panel.Naming;

import java.util.List;

/**
 * Dispatch and service levels: how fast incidents are acknowledged and resolved against their
 * deadlines (ackBy, resolveBy), by department and district.
 */
final class DispatchBoard {
    static final String UID = "cityops-dispatch";

    private DispatchBoard() {}

    static Board board() {
        return new Board(
                UID,
                "Dispatch and service levels",
                "On-time rates of acknowledgement and resolution, how long they took, and the deadlines missed.",
                List.of(
                        onTime("ack", "department"),
                        onTime("resolve", "department"),
                        onTime("ack", "district"),
                        onTime("resolve", "district"),
                        took("ack"),
                        took("resolve"),
                        Panel.of(Viz.TABLE, "Breaches by district and kind")
                                .unit("short")
                                .description(
                                        "Deadlines missed in the range: ACK (not acknowledged by ackBy) and RESOLVE (not resolved by resolveBy).")
                                .table(
                                        "SELECT sum(\"count\") AS \"breaches\" FROM \"breaches\""
                                                + WHERE_DISTRICT_RULE
                                                + " GROUP BY \"district\", \"kind\"")
                                .naming(Naming.DISTRICT)
                                .expect("district", 1)
                                .build(),
                        Panel.of(Viz.BARS, "Resolved per hour")
                                .unit("short")
                                .description(
                                        "Incidents that reached RESOLVED in each hour, by a person or by their rule clearing, stacked by rule.")
                                .series(
                                        "SELECT sum(\"count\") FROM \"incidents_resolved\""
                                                + WHERE_DISTRICT_RULE
                                                + " GROUP BY time(1h), \"rule\" fill(none)",
                                        "$tag_rule")
                                .expect("rule", 1)
                                .build()));
    }

    /**
     * The share of acknowledgements or resolutions made by their deadline, in percent as the 12345
     * hotline reports it (99.5%, not 0.995).
     */
    private static Panel onTime(String kind, String by) {
        boolean ack = kind.equals("ack");
        String done = ack ? "acknowledged" : "resolved";
        return Panel.of(
                        Viz.BAR_GAUGE,
                        "On-time " + (ack ? "acknowledgement" : "resolution") + " by " + by)
                .unit("percent")
                .description(
                        "Share of incidents "
                                + done
                                + " in the range that were "
                                + done
                                + " by their deadline, by "
                                + (by.equals("department") ? "primary department." : "district."))
                .series(
                        "SELECT sum(\"on_time\") / sum(\"count\") * 100 FROM \"incident_times\""
                                + WHERE_DISTRICT_RULE
                                + " AND \"kind\" = '"
                                + kind
                                + "' GROUP BY \""
                                + by
                                + "\"",
                        "$tag_" + by)
                .naming(by.equals("district") ? Naming.DISTRICT : Naming.AS_IS)
                .range(0, 100)
                .thresholds(Step.base("red"), Step.from(90, "orange"), Step.from(98, "green"))
                // Acknowledgements come only from people (dispatch actions); resolutions also from
                // rules that clear, so a scenario run without dispatchers still has them.
                .expect(by, ack ? 0 : 1)
                .build();
    }

    /** Mean and longest time to acknowledge or resolve, over those made in each interval. */
    private static Panel took(String kind) {
        boolean ack = kind.equals("ack");
        String what = ack ? "acknowledgement" : "resolution";
        return Panel.of(Viz.TIMESERIES, ack ? "Time to acknowledge" : "Time to resolve")
                .unit("s")
                .description(
                        "Mean and longest time from opening to "
                                + what
                                + ", over the "
                                + what
                                + "s made in each interval.")
                .series(
                        "SELECT sum(\"sum_s\") / sum(\"count\") AS \"mean\", max(\"max_s\") AS \"max\""
                                + " FROM \"incident_times\""
                                + WHERE_DISTRICT_RULE
                                + " AND \"kind\" = '"
                                + kind
                                + "' GROUP BY time($__interval) fill(none)",
                        "$col")
                .min(0)
                .expect(null, ack ? 0 : 1)
                .build();
    }
}
