package io.cityops.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Every panel says what it shows, in which unit, from which query; every board has its filters. */
class PanelsTest {
    /** Grafana unit ids the boards may use (Grafana's valueFormats categories). */
    private static final Set<String> GRAFANA_UNITS =
            Set.of(
                    "short",
                    "none",
                    "percent",
                    "percentunit",
                    "s",
                    "ms",
                    "m",
                    "h",
                    "d",
                    "cpm",
                    "cps",
                    "ops",
                    "opm",
                    "lengthmm",
                    "lengthm",
                    "velocityms",
                    "velocitykmh");

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyPanelHasATitleAUnitADescriptionAndAQuery() {
        for (Board board : Boards.all()) {
            Set<String> titles = new HashSet<>();
            for (Panel p : board.panels()) {
                String where = board.uid() + " / " + p.title();
                assertThat(p.title()).as(where).isNotBlank();
                assertThat(titles.add(p.title())).as("%s: title used twice", where).isTrue();
                assertThat(p.unit()).as("%s: unit", where).isIn(GRAFANA_UNITS);
                assertThat(p.description())
                        .as("%s: description is one sentence on one line", where)
                        .isNotBlank()
                        .doesNotContain("\n")
                        .endsWith(".");
                assertThat(p.targets()).as("%s: queries", where).isNotEmpty();
                assertThat(p.width()).as("%s: width", where).isBetween(1, 24);
            }
        }
    }

    @Test
    void everyTargetIsARawInfluxQlQueryOnTheCityOpsDatasource() throws IOException {
        for (Board board : Boards.all()) {
            JsonNode json = JSON.readTree(GrafanaJson.write(board));
            for (JsonNode panel : json.get("panels")) {
                String where = board.uid() + " / " + panel.get("title").asText();
                assertThat(panel.at("/fieldConfig/defaults/unit").asText()).as(where).isNotEmpty();
                assertThat(panel.get("description").asText()).as(where).isNotEmpty();
                assertThat(panel.get("targets")).as(where).isNotEmpty();
                for (JsonNode target : panel.get("targets")) {
                    assertThat(target.get("rawQuery").asBoolean()).as(where).isTrue();
                    assertThat(target.at("/datasource/uid").asText())
                            .as(where)
                            .isEqualTo("cityops-influx");
                    assertThat(target.get("resultFormat").asText())
                            .as(where)
                            .isIn("time_series", "table");
                    assertThat(target.get("query").asText()).as(where).startsWith("SELECT ");
                }
            }
        }
    }

    @Test
    void everyBoardOffersTheDistrictAndCategoryFilters() throws IOException {
        for (Board board : Boards.all()) {
            JsonNode list = JSON.readTree(GrafanaJson.write(board)).at("/templating/list");
            assertThat(list).as(board.uid()).hasSize(2);

            JsonNode district = list.get(0);
            assertThat(district.get("name").asText()).isEqualTo("district");
            assertThat(district.get("multi").asBoolean()).isTrue();
            assertThat(district.get("includeAll").asBoolean()).isTrue();
            assertThat(optionPairs(district))
                    .startsWith("All=$__all", "黄浦=310101", "徐汇=310104")
                    .contains("浦东新区=310115")
                    .endsWith("崇明=310151")
                    .hasSize(17);
            assertThat(district.get("query").asText()).startsWith("黄浦 : 310101,徐汇 : 310104,");

            JsonNode category = list.get(1);
            assertThat(category.get("name").asText()).isEqualTo("category");
            assertThat(category.get("multi").asBoolean()).isTrue();
            assertThat(category.get("includeAll").asBoolean()).isTrue();
            assertThat(optionValues(category))
                    .containsExactly(
                            "$__all",
                            "WATERLOGGING",
                            "MANHOLE_COVER",
                            "ELEVATOR_ENTRAPMENT",
                            "SENSOR_OFFLINE",
                            "SENSOR_OUTAGE",
                            "STREET_ORDER_HOTSPOT",
                            "GAS_LEAK",
                            "STRUCTURE_WIND",
                            "STREETLIGHT_OUTAGE");
        }
    }

    @Test
    void onTimeRatesArePercentFromZeroToHundred() {
        List<Panel> rates =
                Boards.all().stream()
                        .flatMap(b -> b.panels().stream())
                        .filter(p -> p.title().startsWith("On-time"))
                        .toList();
        assertThat(rates).hasSize(4);
        for (Panel p : rates) {
            assertThat(p.unit()).isEqualTo("percent");
            assertThat(p.min()).isEqualTo(0.0);
            assertThat(p.max()).isEqualTo(100.0);
            assertThat(p.targets().get(0).query())
                    .startsWith(
                            "SELECT sum(\"on_time\") / sum(\"count\") * 100 FROM \"incident_times\"");
        }
    }

    @Test
    void panelsOnOneBoardDoNotOverlap() throws IOException {
        for (Board board : Boards.all()) {
            List<int[]> boxes = new ArrayList<>();
            for (JsonNode panel : JSON.readTree(GrafanaJson.write(board)).get("panels")) {
                JsonNode g = panel.get("gridPos");
                int[] box = {
                    g.get("x").asInt(), g.get("y").asInt(), g.get("w").asInt(), g.get("h").asInt()
                };
                assertThat(box[0] + box[2]).as(board.uid()).isLessThanOrEqualTo(24);
                for (int[] other : boxes) {
                    boolean apart =
                            box[0] >= other[0] + other[2]
                                    || other[0] >= box[0] + box[2]
                                    || box[1] >= other[1] + other[3]
                                    || other[1] >= box[1] + box[3];
                    assertThat(apart)
                            .as("%s: %s overlaps", board.uid(), panel.get("title"))
                            .isTrue();
                }
                boxes.add(box);
            }
        }
    }

    private static List<String> optionPairs(JsonNode variable) {
        List<String> pairs = new ArrayList<>();
        variable.get("options")
                .forEach(o -> pairs.add(o.get("text").asText() + "=" + o.get("value").asText()));
        return pairs;
    }

    private static List<String> optionValues(JsonNode variable) {
        List<String> values = new ArrayList<>();
        variable.get("options").forEach(o -> values.add(o.get("value").asText()));
        return values;
    }
}
