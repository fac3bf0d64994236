package io.cityops.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.influxdb.InfluxDB;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

class PanelQueriesTest {
    private static final long FROM = 1_784_592_000_000L; // 2026-07-21 08:00 Asia/Shanghai
    private static final long HOUR = 3_600_000;
    private static final TimeRange SIX_HOURS = new TimeRange(FROM, FROM + 6 * HOUR);
    private static final String ALL_DISTRICTS =
            "(310101|310104|310105|310106|310107|310109|310110|310112|310113|310114|310115|310116|310117|310118|310120|310151)";

    private final PanelQueries all = PanelQueries.allValues();

    @Test
    void timeFilterBecomesTheRangeInMilliseconds() {
        assertThat(all.expand("WHERE $timeFilter", SIX_HOURS))
                .isEqualTo("WHERE time >= 1784592000000ms and time <= 1784613600000ms");
    }

    @Test
    void allDistrictsBecomeAnAlternationOfEveryCode() {
        assertThat(all.expand(InfluxQl.IN_DISTRICT, SIX_HOURS))
                .isEqualTo("\"district\" =~ /^" + ALL_DISTRICTS + "$/");
    }

    @Test
    void allCategoriesBecomeAnAlternationOfEveryRule() {
        assertThat(all.expand(InfluxQl.IN_CATEGORY, SIX_HOURS))
                .isEqualTo(
                        "\"rule\" =~ /^(WATERLOGGING|MANHOLE_COVER|ELEVATOR_ENTRAPMENT|SENSOR_OFFLINE"
                                + "|SENSOR_OUTAGE|STREET_ORDER_HOTSPOT|GAS_LEAK|STRUCTURE_WIND|STREETLIGHT_OUTAGE)$/");
    }

    @Test
    void oneChosenDistrictIsItsCodeAndSeveralAreAnAlternation() {
        assertThat(all.with(Variables.DISTRICT, "310115").expand(InfluxQl.IN_DISTRICT, SIX_HOURS))
                .isEqualTo("\"district\" =~ /^310115$/");
        assertThat(
                        all.with(Variables.DISTRICT, "310101", "310104")
                                .expand(InfluxQl.IN_DISTRICT, SIX_HOURS))
                .isEqualTo("\"district\" =~ /^(310101|310104)$/");
    }

    @Test
    void intervalIsTheRangeOverTwoHundredPointsRoundedAsGrafanaDoes() {
        assertThat(interval(HOUR)).isEqualTo("1m"); // 18 s: never below a minute
        assertThat(interval(2 * HOUR)).isEqualTo("1m"); // 36 s
        assertThat(interval(6 * HOUR)).isEqualTo("2m"); // 108 s
        assertThat(interval(24 * HOUR)).isEqualTo("5m"); // 432 s
        assertThat(interval(7 * 24 * HOUR)).isEqualTo("1h"); // 50.4 min
        assertThat(interval(30 * 24 * HOUR)).isEqualTo("3h"); // 3.6 h
    }

    @Test
    void intervalInMillisecondsIsTheSameInterval() {
        assertThat(all.expand("$__interval_ms / $__interval", SIX_HOURS)).isEqualTo("120000 / 2m");
    }

    @Test
    void rangeEndsAreMilliseconds() {
        assertThat(all.expand("time >= ${__to}ms - 1h AND time >= $__from", SIX_HOURS))
                .isEqualTo("time >= 1784613600000ms - 1h AND time >= 1784592000000");
    }

    @Test
    void aPanelQueryExpandsToPlainInfluxQl() {
        Panel onTime = panel("On-time acknowledgement by department");

        assertThat(all.with(Variables.CATEGORY, "WATERLOGGING").expand(query(onTime), SIX_HOURS))
                .isEqualTo(
                        "SELECT sum(\"on_time\") / sum(\"count\") * 100 FROM \"incident_times\""
                                + " WHERE time >= 1784592000000ms and time <= 1784613600000ms"
                                + " AND \"district\" =~ /^"
                                + ALL_DISTRICTS
                                + "$/ AND \"rule\" =~ /^WATERLOGGING$/"
                                + " AND \"kind\" = 'ack' GROUP BY \"department\"");
    }

    @Test
    void theOpenIncidentsGaugeExpandsToASubqueryOfLastValues() {
        assertThat(
                        all.with(Variables.DISTRICT, "310101")
                                .with(Variables.CATEGORY, "GAS_LEAK")
                                .expand(query(panel("Open incidents by district")), SIX_HOURS))
                .isEqualTo(
                        "SELECT sum(\"open\") FROM (SELECT last(\"count\") AS \"open\" FROM \"open_incidents\""
                                + " WHERE time <= 1784613600000ms AND \"district\" =~ /^310101$/"
                                + " AND \"rule\" =~ /^GAS_LEAK$/"
                                + " GROUP BY \"rule\", \"district\", \"severity\") GROUP BY \"district\"");
    }

    @Test
    void everyBoardQueryExpandsWithoutMacrosLeft() {
        for (Board b : Boards.all()) {
            for (Panel p : b.panels()) {
                for (Target t : p.targets()) {
                    assertThat(all.expand(t.query(), SIX_HOURS))
                            .as(p.title())
                            .doesNotContainPattern("\\$\\{?\\w");
                }
            }
        }
    }

    @Test
    void anUnknownMacroIsRefused() {
        assertThatThrownBy(() -> all.expand("WHERE \"sensor\" =~ /^$sensor$/", SIX_HOURS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("$sensor");
    }

    @Test
    void aValueThatIsNoOptionIsRefused() {
        assertThatThrownBy(() -> all.with(Variables.DISTRICT, "310100"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("310100");
    }

    @Test
    void seriesComeBackWithTheirTagsAndRowCounts() {
        InfluxDB influx =
                answering(
                        q -> {
                            QueryResult.Series s = new QueryResult.Series();
                            s.setName("incident_times");
                            s.setTags(Map.of("department", "DRAINAGE"));
                            s.setColumns(List.of("time", "sum"));
                            s.setValues(List.of(List.of("1970-01-01T00:00:00Z", 99.5)));
                            return result(null, List.of(s));
                        });

        assertThat(all.run(influx, "cityops", panel("On-time resolution by department"), SIX_HOURS))
                .containsExactly(
                        new SeriesResult(
                                "A", "incident_times", Map.of("department", "DRAINAGE"), 1));
    }

    @Test
    void anEmptyAnswerIsNoSeries() {
        InfluxDB influx = answering(q -> result(null, null));

        assertThat(all.run(influx, "cityops", panel("Gusts by district"), SIX_HOURS)).isEmpty();
    }

    @Test
    void aRefusedQueryNamesThePanelAndTheQuery() {
        InfluxDB influx = answering(q -> result("error parsing query: found EOF", null));

        assertThatThrownBy(() -> all.run(influx, "cityops", panel("Watermark lag"), SIX_HOURS))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("panel \"Watermark lag\"")
                .hasMessageContaining(
                        "SELECT max(\"watermark_lag_ms\") FROM \"pipeline\" WHERE time >= ")
                .hasMessageContaining("error parsing query: found EOF");
    }

    @Test
    void anExpectationNamesWhatIsMissing() {
        Expectation byDistrict = new Expectation("district", 1);

        assertThat(byDistrict.mismatch(List.of()))
                .hasValueSatisfying(m -> assertThat(m).contains("at least 1"));
        assertThat(
                        byDistrict.mismatch(
                                List.of(
                                        new SeriesResult(
                                                "A", "events", Map.of("stream", "sensors"), 3))))
                .hasValueSatisfying(m -> assertThat(m).contains("tag district"));
        assertThat(
                        byDistrict.mismatch(
                                List.of(
                                        new SeriesResult(
                                                "A", "events", Map.of("district", "310101"), 3))))
                .isEmpty();
    }

    private static String interval(long lengthMs) {
        return PanelQueries.duration(PanelQueries.intervalMs(new TimeRange(FROM, FROM + lengthMs)));
    }

    private static Panel panel(String title) {
        return Boards.all().stream()
                .flatMap(b -> b.panels().stream())
                .filter(p -> p.title().equals(title))
                .findFirst()
                .orElseThrow();
    }

    private static String query(Panel p) {
        return p.targets().get(0).query();
    }

    private static QueryResult result(String error, List<QueryResult.Series> series) {
        QueryResult.Result r = new QueryResult.Result();
        r.setError(error);
        r.setSeries(series);
        QueryResult answer = new QueryResult();
        answer.setResults(List.of(r));
        return answer;
    }

    /** An InfluxDB client that answers every query with {@code answer}; nothing else works. */
    private static InfluxDB answering(Function<Query, QueryResult> answer) {
        return (InfluxDB)
                Proxy.newProxyInstance(
                        InfluxDB.class.getClassLoader(),
                        new Class<?>[] {InfluxDB.class},
                        (proxy, method, args) -> {
                            if (method.getName().equals("query")
                                    && args != null
                                    && args.length == 1
                                    && args[0] instanceof Query q) {
                                return answer.apply(q);
                            }
                            throw new UnsupportedOperationException(method.getName());
                        });
    }
}
