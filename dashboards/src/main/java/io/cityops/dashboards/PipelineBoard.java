package io.cityops.dashboards;

import static io.cityops.dashboards.InfluxQl.IN_CATEGORY;
import static io.cityops.dashboards.InfluxQl.WHERE_DISTRICT;
import static io.cityops.dashboards.InfluxQl.WHERE_IN_RANGE;

import io.cityops.dashboards.Panel.Naming;

import java.util.List;

/**
 * Pipeline health: what the job takes in and refuses (event time), and how the machine keeps up
 * (wall clock: watermark lag, checkpoints, the metrics writer itself).
 */
final class PipelineBoard {
    static final String UID = "cityops-pipeline";

    /** Counts per interval as counts per minute, whatever the interval. */
    private static final String PER_MINUTE = " * 60000 / $__interval_ms";

    private PipelineBoard() {}

    static Board board() {
        return new Board(
                UID,
                "Pipeline health",
                "Input accepted and rejected, watermark lag, checkpoints, and the metrics writer. Lag, checkpoints and the writer are on the wall clock.",
                List.of(
                        Panel.of(Viz.TIMESERIES, "Accepted events per stream")
                                .unit("cpm")
                                .description(
                                        "Input accepted per minute by stream, all districts (dispatch actions have none).")
                                // Not filtered by district: dispatch actions carry district "none",
                                // which no choice of districts matches.
                                .series(
                                        "SELECT sum(\"count\")"
                                                + PER_MINUTE
                                                + " FROM \"events\""
                                                + WHERE_IN_RANGE
                                                + " GROUP BY time($__interval), \"stream\" fill(0)",
                                        "$tag_stream")
                                .min(0)
                                .expect("stream", 1)
                                .build(),
                        Panel.of(Viz.TIMESERIES, "Accepted events per district")
                                .unit("cpm")
                                .description(
                                        "City input (sensors, weather, street orders) accepted per minute by district.")
                                .series(
                                        "SELECT sum(\"count\")"
                                                + PER_MINUTE
                                                + " FROM \"events\""
                                                + WHERE_DISTRICT
                                                + " GROUP BY time($__interval), \"district\" fill(0)",
                                        "$tag_district")
                                .naming(Naming.DISTRICT)
                                .min(0)
                                .expect("district", 1)
                                .build(),
                        Panel.of(Viz.BARS, "Rejected input by stream and reason")
                                .unit("short")
                                .description(
                                        "Input sent to the dead letter per interval, by stream and reason (late included).")
                                .series(
                                        "SELECT sum(\"count\") FROM \"rejected\""
                                                + WHERE_IN_RANGE
                                                + " GROUP BY time($__interval), \"stream\", \"reason\" fill(none)",
                                        "$tag_stream: $tag_reason")
                                // Clean input rejects nothing.
                                .expect("reason", 0)
                                .build(),
                        Panel.of(Viz.TIMESERIES, "Watermark lag")
                                .unit("ms")
                                .description(
                                        "Wall clock minus the metrics stage's watermark, per subtask (in the demo it includes the city's speed-up).")
                                .series(
                                        "SELECT max(\"watermark_lag_ms\") FROM \"pipeline\""
                                                + WHERE_IN_RANGE
                                                + " GROUP BY time($__interval), \"subtask\" fill(none)",
                                        "subtask $tag_subtask")
                                .wallClock()
                                .min(0)
                                .expect("subtask", 1)
                                .build(),
                        Panel.of(Viz.TIMESERIES, "End-to-end latency")
                                .unit("ms")
                                .description(
                                        "From an input's arrival (its Kafka append) to the incident version it raised, mean and longest, by rule.")
                                .series(
                                        "SELECT sum(\"sum_ms\") / sum(\"count\") AS \"mean\", max(\"max_ms\") AS \"max\""
                                                + " FROM \"incident_latency\""
                                                + WHERE_IN_RANGE
                                                + " AND "
                                                + IN_CATEGORY
                                                + " GROUP BY time($__interval), \"rule\" fill(none)",
                                        "$col, $tag_rule")
                                .min(0)
                                .expect("rule", 1)
                                .build(),
                        Panel.of(Viz.TIMESERIES, "Checkpoint duration")
                                .unit("ms")
                                .description(
                                        "Longest time from a subtask's snapshot to its checkpoint's completion, per subtask.")
                                .series(
                                        "SELECT max(\"duration_ms\") FROM \"checkpoints\""
                                                + WHERE_IN_RANGE
                                                + " GROUP BY time($__interval), \"subtask\" fill(none)",
                                        "subtask $tag_subtask")
                                .wallClock()
                                .min(0)
                                // A run without checkpointing writes none.
                                .expect("subtask", 0)
                                .build(),
                        Panel.of(Viz.TIMESERIES, "Metrics written and dropped")
                                .unit("short")
                                .description(
                                        "Points each metrics writer has sent to InfluxDB, and dropped (buffer full or refused), since it started.")
                                .series(
                                        writerTotal("metrics_written"),
                                        "written, subtask $tag_subtask")
                                .series(
                                        writerTotal("metrics_dropped"),
                                        "dropped, subtask $tag_subtask")
                                .wallClock()
                                .min(0)
                                .expect("subtask", 1)
                                .build()));
    }

    /** A writer's running total; a restarted subtask starts it from 0 again. */
    private static String writerTotal(String total) {
        return "SELECT max(\""
                + total
                + "\") FROM \"pipeline\""
                + WHERE_IN_RANGE
                + " GROUP BY time($__interval), \"subtask\" fill(none)";
    }
}
