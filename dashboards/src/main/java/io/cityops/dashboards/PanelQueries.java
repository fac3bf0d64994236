package io.cityops.dashboards;

import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBException;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The boards' queries as Grafana's InfluxDB datasource sends them, and their answers from a real
 * InfluxDB: what a test needs to know that every panel shows something.
 *
 * <p>Expands, for a time range and a choice of board variables, the macros the boards use:
 *
 * <ul>
 *   <li>{@code $timeFilter}: {@code time >= <from>ms and time <= <to>ms};
 *   <li>{@code $__interval}, {@code $__interval_ms}: the range over {@value
 *       GrafanaJson#MAX_DATA_POINTS} points rounded as Grafana rounds it, at least a minute;
 *   <li>{@code $__from}, {@code $__to} (also as {@code ${__to}}): the range's ends in ms;
 *   <li>{@code $district}, {@code $category}: "All" (the default) is the alternation of every
 *       option, {@code (310101|310104|...)}, as Grafana writes a multi-value variable into a regex;
 *       a choice of one is that value.
 * </ul>
 *
 * A macro it does not know is an error, not left in the query.
 */
public final class PanelQueries {
    private static final Pattern MACRO = Pattern.compile("\\$\\{(\\w+)}|\\$(\\w+)");
    private static final long MINUTE = 60_000;

    /** Grafana's interval rounding (kbn.roundInterval), from a minute up: below, use. */
    private static final long[][] ROUNDING = {
        {90_000, 60_000},
        {210_000, 120_000},
        {450_000, 300_000},
        {750_000, 600_000},
        {1_050_000, 900_000},
        {1_500_000, 1_200_000},
        {2_700_000, 1_800_000},
        {5_400_000, 3_600_000},
        {9_000_000, 7_200_000},
        {16_200_000, 10_800_000},
        {32_400_000, 21_600_000},
        {86_400_000, 43_200_000},
        {604_800_000, 86_400_000},
        {1_814_400_000, 604_800_000},
        {3_628_800_000L, 2_592_000_000L},
        {Long.MAX_VALUE, 31_536_000_000L}
    };

    private final Map<String, List<String>> chosen;

    private PanelQueries(Map<String, List<String>> chosen) {
        this.chosen = Map.copyOf(chosen);
    }

    /** Every board variable at "All", as a board opens. */
    public static PanelQueries allValues() {
        return new PanelQueries(Map.of());
    }

    /**
     * The same, with {@code variable} ({@link Variables#DISTRICT}, {@link Variables#CATEGORY}) set
     * to {@code values}, which must be among its options.
     */
    public PanelQueries with(String variable, String... values) {
        Variables.Variable v = variable(variable);
        for (String value : values) {
            if (!v.options().containsKey(value)) {
                throw new IllegalArgumentException(
                        "no option "
                                + value
                                + " in variable "
                                + variable
                                + ": "
                                + v.options().keySet());
            }
        }
        if (values.length == 0) {
            throw new IllegalArgumentException("choose at least one value of " + variable);
        }
        Map<String, List<String>> next = new LinkedHashMap<>(chosen);
        next.put(variable, List.of(values));
        return new PanelQueries(next);
    }

    /** {@code query} with every macro replaced, for {@code range}. */
    public String expand(String query, TimeRange range) {
        long intervalMs = intervalMs(range);
        Matcher m = MACRO.matcher(query);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            String value =
                    switch (name) {
                        case "timeFilter" ->
                                "time >= "
                                        + range.fromMs()
                                        + "ms and time <= "
                                        + range.toMs()
                                        + "ms";
                        case "__interval" -> duration(intervalMs);
                        case "__interval_ms" -> String.valueOf(intervalMs);
                        case "__from" -> String.valueOf(range.fromMs());
                        case "__to" -> String.valueOf(range.toMs());
                        case Variables.DISTRICT, Variables.CATEGORY -> regex(name);
                        default ->
                                throw new IllegalArgumentException(
                                        "unknown macro $" + name + " in query: " + query);
                    };
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * Grafana's {@code $__interval} for {@code range}: the range over {@value
     * GrafanaJson#MAX_DATA_POINTS} points, rounded to a round duration, at least a minute.
     */
    public static long intervalMs(TimeRange range) {
        long raw = range.lengthMs() / GrafanaJson.MAX_DATA_POINTS;
        for (long[] r : ROUNDING) {
            if (raw < r[0]) {
                return r[1];
            }
        }
        throw new AssertionError("the last rounding step takes every interval");
    }

    /** A duration as InfluxQL and Grafana write it: 1m, 2h, 1d (no years: InfluxQL has none). */
    static String duration(long ms) {
        long[] sizes = {86_400_000, 3_600_000, MINUTE, 1_000};
        String[] units = {"d", "h", "m", "s"};
        for (int i = 0; i < sizes.length; i++) {
            if (ms % sizes[i] == 0) {
                return ms / sizes[i] + units[i];
            }
        }
        return ms + "ms";
    }

    /**
     * Runs every panel of every board against {@code db} at {@code url}: city panels over {@code
     * city}, pipeline panels (wall clock) over {@code wall}. Panels in board order.
     *
     * @throws IllegalStateException naming the panel and the expanded query, when InfluxDB refuses
     *     one
     */
    public Map<Panel, List<SeriesResult>> run(
            String url, String db, TimeRange city, TimeRange wall) {
        try (InfluxDB influx = InfluxDBFactory.connect(url)) {
            Map<Panel, List<SeriesResult>> results = new LinkedHashMap<>();
            for (Board board : Boards.all()) {
                for (Panel panel : board.panels()) {
                    TimeRange range = panel.clock() == Clock.WALL ? wall : city;
                    results.put(panel, run(influx, db, panel, range));
                }
            }
            return results;
        }
    }

    /** {@link #run(String, String, TimeRange, TimeRange)} with one range for both clocks. */
    public Map<Panel, List<SeriesResult>> run(String url, String db, long fromMs, long toMs) {
        TimeRange range = new TimeRange(fromMs, toMs);
        return run(url, db, range, range);
    }

    /** One panel's queries, in order; the series of all of them together. */
    public List<SeriesResult> run(InfluxDB influx, String db, Panel panel, TimeRange range) {
        List<SeriesResult> series = new ArrayList<>();
        for (Target target : panel.targets()) {
            String q = expand(target.query(), range);
            QueryResult answer;
            try {
                answer = influx.query(new Query(q, db));
            } catch (InfluxDBException e) {
                throw failed(panel, q, e.getMessage(), e);
            }
            if (answer.getError() != null) {
                throw failed(panel, q, answer.getError(), null);
            }
            for (QueryResult.Result r : answer.getResults()) {
                if (r.getError() != null) {
                    throw failed(panel, q, r.getError(), null);
                }
                if (r.getSeries() == null) {
                    continue; // nothing in the range: InfluxDB leaves the list out
                }
                for (QueryResult.Series s : r.getSeries()) {
                    series.add(
                            new SeriesResult(
                                    target.refId(),
                                    s.getName(),
                                    s.getTags() == null ? Map.of() : s.getTags(),
                                    s.getValues() == null ? 0 : s.getValues().size()));
                }
            }
        }
        return series;
    }

    private static IllegalStateException failed(
            Panel panel, String query, String error, Exception cause) {
        return new IllegalStateException(
                "panel \"" + panel.title() + "\": InfluxDB refused " + query + ": " + error, cause);
    }

    private String regex(String variable) {
        List<String> values = chosen.get(variable);
        if (values == null) {
            values = List.copyOf(variable(variable).options().keySet());
        }
        List<String> escaped = new ArrayList<>();
        for (String v : values) {
            escaped.add(v.replaceAll("[\\\\^$.|?*+()\\[\\]{}/]", "\\\\$0"));
        }
        return escaped.size() == 1 ? escaped.get(0) : "(" + String.join("|", escaped) + ")";
    }

    private static Variables.Variable variable(String name) {
        return switch (name) {
            case Variables.DISTRICT -> Variables.DISTRICT_VARIABLE;
            case Variables.CATEGORY -> Variables.CATEGORY_VARIABLE;
            default ->
                    throw new IllegalArgumentException(
                            "no board variable "
                                    + name
                                    + "; there are "
                                    + Variables.DISTRICT
                                    + " and "
                                    + Variables.CATEGORY);
        };
    }
}
