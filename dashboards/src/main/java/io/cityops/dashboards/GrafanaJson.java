package io.cityops.dashboards;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.cityops.dashboards.Panel.Naming;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link Board} as the dashboard JSON Grafana provisions from files. Keys are sorted, as in
 * Grafana's own exports, so a board exported from the UI diffs cleanly against the generated one;
 * the same board always gives the same bytes.
 */
public final class GrafanaJson {
    /** The InfluxDB datasource of deploy/grafana/provisioning/datasources/influxdb.yaml. */
    public static final String DATASOURCE_UID = "cityops-influx";

    /**
     * Points per panel: Grafana divides the range by it for {@code $__interval}, and {@link
     * PanelQueries} does the same.
     */
    public static final int MAX_DATA_POINTS = 200;

    /** City data is bucketed by the minute: a shorter interval only shows the gaps between. */
    public static final String MIN_INTERVAL = "1m";

    private static final int GRID_COLUMNS = 24;
    private static final int PANEL_HEIGHT = 8;
    private static final Datasource DATASOURCE = new Datasource("influxdb", DATASOURCE_UID);
    private static final Map<String, String> SEVERITY_COLORS =
            Map.of("LOW", "blue", "MEDIUM", "yellow", "HIGH", "orange", "CRITICAL", "red");

    private static final JsonMapper MAPPER =
            JsonMapper.builder()
                    .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
                    .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                    .serializationInclusion(JsonInclude.Include.NON_NULL)
                    .build();

    private GrafanaJson() {}

    /** The board's JSON: two-space indent, "key": value, a newline at the end. */
    public static String write(Board board) {
        DefaultPrettyPrinter printer =
                new DefaultPrettyPrinter()
                        .withSeparators(
                                Separators.createDefaultInstance()
                                        .withObjectFieldValueSpacing(Separators.Spacing.AFTER));
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        printer.indentObjectsWith(indenter);
        printer.indentArraysWith(indenter);
        try {
            return MAPPER.writer(printer).writeValueAsString(dashboard(board)) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write board " + board.uid(), e);
        }
    }

    static Dashboard dashboard(Board board) {
        List<JsonPanel> panels = new ArrayList<>();
        int x = 0;
        int y = 0;
        for (Panel p : board.panels()) {
            if (x + p.width() > GRID_COLUMNS) {
                x = 0;
                y += PANEL_HEIGHT;
            }
            panels.add(panel(panels.size() + 1, p, new GridPos(PANEL_HEIGHT, p.width(), x, y)));
            x += p.width();
        }
        return new Dashboard(
                board.uid(),
                board.title(),
                board.description(),
                List.of("cityops"),
                "Asia/Shanghai", // the contract's local time
                true,
                1, // shared crosshair: one moment across a board's panels
                new TimeSpan("now-6h", "now"),
                "1m",
                39,
                1,
                new Templating(
                        List.of(
                                variable(Variables.DISTRICT_VARIABLE),
                                variable(Variables.CATEGORY_VARIABLE))),
                panels);
    }

    private static JsonVariable variable(Variables.Variable v) {
        List<Option> options = new ArrayList<>();
        options.add(new Option(true, "All", "$__all"));
        StringBuilder query = new StringBuilder();
        v.options()
                .forEach(
                        (value, text) -> {
                            options.add(new Option(false, text, value));
                            if (query.length() > 0) {
                                query.append(',');
                            }
                            // Grafana's custom variable reads "text : value" pairs.
                            query.append(text).append(" : ").append(value);
                        });
        return new JsonVariable(
                "custom",
                v.name(),
                v.label(),
                v.description(),
                true,
                true,
                query.toString(),
                new Current(true, List.of("All"), List.of("$__all")),
                options);
    }

    private static JsonPanel panel(int id, Panel p, GridPos pos) {
        List<JsonTarget> targets = new ArrayList<>();
        for (Target t : p.targets()) {
            targets.add(
                    new JsonTarget(
                            t.refId(),
                            DATASOURCE,
                            true,
                            t.query(),
                            t.format().grafanaName(),
                            t.alias()));
        }
        boolean table = p.viz() == Viz.TABLE;
        return new JsonPanel(
                id,
                p.viz().grafanaType(),
                p.title(),
                p.description(),
                DATASOURCE,
                pos,
                MIN_INTERVAL,
                MAX_DATA_POINTS,
                new FieldConfig(defaults(p), overrides(p)),
                options(p.viz()),
                targets,
                table ? tableTransformations() : null);
    }

    private static Defaults defaults(Panel p) {
        boolean series = p.viz() == Viz.TIMESERIES || p.viz() == Viz.BARS;
        List<Step> steps = p.thresholds().isEmpty() ? List.of(Step.base("green")) : p.thresholds();
        List<JsonStep> jsonSteps = new ArrayList<>();
        for (Step s : steps) {
            jsonSteps.add(new JsonStep(s.color(), s.value()));
        }
        return new Defaults(
                p.unit(),
                p.min(),
                p.max(),
                new Color(series ? "palette-classic" : "thresholds", null),
                new Thresholds("absolute", jsonSteps),
                series ? seriesStyle(p) : null);
    }

    private static Map<String, Object> seriesStyle(Panel p) {
        Map<String, Object> custom = new LinkedHashMap<>();
        if (p.viz() == Viz.BARS) {
            custom.put("drawStyle", "bars");
            custom.put("fillOpacity", 80);
            custom.put("lineWidth", 1);
            custom.put("stacking", Map.of("group", "A", "mode", "normal"));
        } else {
            custom.put("drawStyle", "line");
            custom.put("fillOpacity", 10);
            custom.put("lineWidth", 1);
            custom.put("showPoints", "never");
            custom.put("spanNulls", false);
        }
        // Thresholds of a time series are the rule's lines (30 mm of rain, 17.2 m/s gusts).
        custom.put("thresholdsStyle", Map.of("mode", p.thresholds().isEmpty() ? "off" : "line"));
        return custom;
    }

    private static List<Override> overrides(Panel p) {
        List<Override> overrides = new ArrayList<>();
        if (p.naming() == Naming.DISTRICT) {
            if (p.viz() == Viz.TABLE) {
                Map<String, Object> names = new LinkedHashMap<>();
                int index = 0;
                for (Map.Entry<String, String> d : Variables.DISTRICTS.entrySet()) {
                    names.put(d.getKey(), Map.of("index", index++, "text", d.getValue()));
                }
                overrides.add(
                        new Override(
                                new Matcher("byName", "district"),
                                List.of(
                                        new Property(
                                                "mappings",
                                                List.of(
                                                        Map.of(
                                                                "type", "value", "options",
                                                                names))))));
            } else {
                Variables.DISTRICTS.forEach(
                        (code, name) ->
                                overrides.add(
                                        new Override(
                                                new Matcher("byName", code),
                                                List.of(new Property("displayName", name)))));
            }
        } else if (p.naming() == Naming.SEVERITY) {
            for (String severity : List.of("LOW", "MEDIUM", "HIGH", "CRITICAL")) {
                overrides.add(
                        new Override(
                                new Matcher("byName", severity),
                                List.of(
                                        new Property(
                                                "color",
                                                new Color(
                                                        "fixed", SEVERITY_COLORS.get(severity))))));
            }
        }
        return overrides;
    }

    private static Map<String, Object> options(Viz viz) {
        Map<String, Object> reduce =
                Map.of("calcs", List.of("lastNotNull"), "fields", "", "values", false);
        return switch (viz) {
            case TIMESERIES, BARS ->
                    Map.of(
                            "legend",
                            Map.of(
                                    "calcs",
                                    List.of("max"),
                                    "displayMode",
                                    "table",
                                    "placement",
                                    "right",
                                    "showLegend",
                                    true),
                            "tooltip",
                            Map.of("mode", "multi", "sort", "desc"));
            case BAR_GAUGE ->
                    Map.of(
                            "displayMode",
                            "gradient",
                            "orientation",
                            "horizontal",
                            "reduceOptions",
                            reduce,
                            "showUnfilled",
                            true);
            case STAT ->
                    Map.of(
                            "colorMode", "background",
                            "graphMode", "none",
                            "justifyMode", "auto",
                            "orientation", "auto",
                            "reduceOptions", reduce,
                            "textMode", "value_and_name");
            case TABLE -> Map.of("cellHeight", "sm", "showHeader", true);
        };
    }

    /**
     * One table of all the returned series (one per tag group) without the time column, which for a
     * query without GROUP BY time only repeats the range's start.
     */
    private static List<Map<String, Object>> tableTransformations() {
        return List.of(
                Map.of("id", "merge", "options", Map.of()),
                Map.of("id", "organize", "options", Map.of("excludeByName", Map.of("Time", true))));
    }

    // The JSON's shape: Grafana's dashboard model, the parts the boards use.

    record Dashboard(
            String uid,
            String title,
            String description,
            List<String> tags,
            String timezone,
            boolean editable,
            int graphTooltip,
            TimeSpan time,
            String refresh,
            int schemaVersion,
            int version,
            Templating templating,
            List<JsonPanel> panels) {}

    record TimeSpan(String from, String to) {}

    record Templating(List<JsonVariable> list) {}

    record JsonVariable(
            String type,
            String name,
            String label,
            String description,
            boolean multi,
            boolean includeAll,
            String query,
            Current current,
            List<Option> options) {}

    record Current(boolean selected, List<String> text, List<String> value) {}

    record Option(boolean selected, String text, String value) {}

    record Datasource(String type, String uid) {}

    record GridPos(int h, int w, int x, int y) {}

    record JsonPanel(
            int id,
            String type,
            String title,
            String description,
            Datasource datasource,
            GridPos gridPos,
            String interval,
            int maxDataPoints,
            FieldConfig fieldConfig,
            Map<String, Object> options,
            List<JsonTarget> targets,
            List<Map<String, Object>> transformations) {}

    record JsonTarget(
            String refId,
            Datasource datasource,
            boolean rawQuery,
            String query,
            String resultFormat,
            String alias) {}

    record FieldConfig(Defaults defaults, List<Override> overrides) {}

    record Defaults(
            String unit,
            Double min,
            Double max,
            Color color,
            Thresholds thresholds,
            Map<String, Object> custom) {}

    record Color(String mode, String fixedColor) {}

    record Thresholds(String mode, List<JsonStep> steps) {}

    /** A step's value is written even when null: Grafana's base step is {"value": null}. */
    record JsonStep(String color, @JsonInclude(JsonInclude.Include.ALWAYS) Double value) {}

    record Override(Matcher matcher, List<Property> properties) {}

    record Matcher(String id, String options) {}

    record Property(String id, Object value) {}
}
