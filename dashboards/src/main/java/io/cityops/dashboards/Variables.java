package io.cityops.dashboards;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The templating variables every board has, as Grafana custom variables (values fixed here, not
 * read from InfluxDB, so a district with no data yet still shows in the list).
 */
public final class Variables {
    public static final String DISTRICT = "district";
    public static final String CATEGORY = "category";

    /** Shanghai's 16 districts (GB/T 2260, as in the wire contract): code to name. */
    public static final Map<String, String> DISTRICTS =
            ordered(
                    "310101", "黄浦",
                    "310104", "徐汇",
                    "310105", "长宁",
                    "310106", "静安",
                    "310107", "普陀",
                    "310109", "虹口",
                    "310110", "杨浦",
                    "310112", "闵行",
                    "310113", "宝山",
                    "310114", "嘉定",
                    "310115", "浦东新区",
                    "310116", "金山",
                    "310117", "松江",
                    "310118", "青浦",
                    "310120", "奉贤",
                    "310151", "崇明");

    /** The default rules (shared RULES.md): rule name to its Chinese name. */
    public static final Map<String, String> RULES =
            ordered(
                    "WATERLOGGING", "道路积水",
                    "MANHOLE_COVER", "井盖异常",
                    "ELEVATOR_ENTRAPMENT", "电梯困人",
                    "SENSOR_OFFLINE", "设备离线",
                    "SENSOR_OUTAGE", "片区断联",
                    "STREET_ORDER_HOTSPOT", "街面热点",
                    "GAS_LEAK", "燃气泄漏",
                    "STRUCTURE_WIND", "大风结构风险",
                    "STREETLIGHT_OUTAGE", "路灯成片故障");

    /** A variable: its name, label, and options as value to the text shown for it. */
    public record Variable(
            String name, String label, String description, Map<String, String> options) {}

    public static final Variable DISTRICT_VARIABLE =
            new Variable(DISTRICT, "District", "Shanghai districts (GB/T 2260 codes)", DISTRICTS);

    public static final Variable CATEGORY_VARIABLE =
            new Variable(CATEGORY, "Category", "The rule that raised the incident", ruleTexts());

    private Variables() {}

    private static Map<String, String> ruleTexts() {
        Map<String, String> texts = new LinkedHashMap<>();
        RULES.forEach((rule, name) -> texts.put(rule, rule + " " + name));
        return Collections.unmodifiableMap(texts);
    }

    private static Map<String, String> ordered(String... keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return Collections.unmodifiableMap(m);
    }
}
