package io.cityops.dashboards;

import static io.cityops.dashboards.InfluxQl.WHERE_DISTRICT;
import static io.cityops.dashboards.InfluxQl.openIncidents;

import io.cityops.dashboards.Panel.Naming;

import java.util.List;

/** Sensors and facilities: which facilities are heard from, water at the monitoring points. */
final class SensorsBoard {
    static final String UID = "cityops-sensors";

    private SensorsBoard() {}

    static Board board() {
        return new Board(
                UID,
                "Sensors and facilities",
                "Facilities heard from by type and street-town, water depth at the monitoring points, and sensors gone quiet.",
                List.of(
                        Panel.of(Viz.TIMESERIES, "Sensors online by type")
                                .unit("short")
                                .description(
                                        "Distinct facilities (not weather stations) heard from in each ten minutes, by type.")
                                // Ten minutes is the measurement's bucket: a wider interval would
                                // add
                                // the same facility up once per bucket.
                                .series(
                                        "SELECT sum(\"count\") FROM \"sensors_online\""
                                                + WHERE_DISTRICT
                                                + " GROUP BY time(10m), \"type\" fill(none)",
                                        "$tag_type")
                                .min(0)
                                .expect("type", 1)
                                .build(),
                        Panel.of(Viz.TABLE, "Sensors online by street-town")
                                .unit("short")
                                .description(
                                        "Facilities heard from in the last ten minutes written for each street-town (街镇) in the range.")
                                .table(
                                        "SELECT sum(\"online\") AS \"online\" FROM (SELECT last(\"count\") AS \"online\""
                                                + " FROM \"sensors_online\""
                                                + WHERE_DISTRICT
                                                + " GROUP BY \"type\", \"district\", \"street\")"
                                                + " GROUP BY \"district\", \"street\"")
                                .naming(Naming.DISTRICT)
                                .expect("street", 1)
                                .build(),
                        Panel.of(Viz.TIMESERIES, "Water depth at monitoring points")
                                .unit("lengthmm")
                                .description(
                                        "Deepest reading of each water-level point; 150 mm (15 cm) opens WATERLOGGING, 300 mm makes it HIGH.")
                                // depth_cm in mm: Grafana has no centimetre unit.
                                .series(
                                        "SELECT max(\"depth_cm\") * 10 FROM \"water_depth\""
                                                + WHERE_DISTRICT
                                                + " GROUP BY time($__interval), \"sensor\" fill(none)",
                                        "$tag_sensor")
                                .min(0)
                                .thresholds(
                                        Step.base("green"),
                                        Step.from(150, "orange"),
                                        Step.from(300, "red"))
                                .expect("sensor", 1)
                                .build(),
                        Panel.of(Viz.BAR_GAUGE, "Open sensor incidents by district")
                                .unit("short")
                                .description(
                                        "SENSOR_OFFLINE and SENSOR_OUTAGE incidents open at the end of the range, by district.")
                                .series(
                                        openIncidents(
                                                " AND \"rule\" =~ /^(SENSOR_OFFLINE|SENSOR_OUTAGE)$/",
                                                "\"district\""),
                                        "$tag_district")
                                .naming(Naming.DISTRICT)
                                .thresholds(
                                        Step.base("green"),
                                        Step.from(1, "orange"),
                                        Step.from(10, "red"))
                                // Only a scenario that silences sensors opens these.
                                .expect("district", 0)
                                .build()));
    }
}
