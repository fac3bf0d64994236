package io.cityops.events;

/**
 * The example messages of CONTRACT.md, verbatim apart from joining their wrapped lines. Valid
 * baselines for the rejection tests are built from the same values.
 */
final class ContractExamples {
    private ContractExamples() {}

    static final String FACILITY =
            "{\"id\":\"WL-310101-0007\",\"type\":\"WATER_LEVEL\",\"lat\":31.2304,\"lon\":121.4737,"
                    + "\"district\":\"310101\",\"street\":\"310101002\",\"building\":null,"
                    + "\"intervalSec\":60,\"name\":\"人民路下立交\"}";

    static final String STREET_ORDER =
            "{\"id\":\"SO-20260721-000123\",\"ts\":1784592000000,\"source\":\"HOTLINE\","
                    + "\"category\":\"STREET_VENDOR\",\"lat\":31.2304,\"lon\":121.4737,"
                    + "\"district\":\"310101\",\"street\":\"310101002\",\"address\":\"南京东路 100 号\","
                    + "\"text\":\"free text from a citizen: untrusted\"}";

    static final String OBSERVATION =
            "{\"kind\":\"OBSERVATION\",\"station\":\"58367\",\"ts\":1784592000000,"
                    + "\"rain_mm_1h\":35.2,\"wind_ms\":6.0,\"gust_ms\":12.3,\"temp_c\":29.5}";

    static final String WARNING =
            "{\"kind\":\"WARNING\",\"ts\":1784592000000,\"hazard\":\"RAINSTORM\",\"level\":\"ORANGE\","
                    + "\"districts\":[\"310101\"],\"until\":1784613600000}";

    static final String READING =
            "{\"sensor\":\"WL-310101-0007\",\"ts\":1784592000000,\"metric\":\"depth_cm\",\"value\":17.5}";

    static final String DISPATCH_ACTION =
            "{\"incident\":\"<incident"
                    + " id>\",\"ts\":1784592300000,\"action\":\"ACK\",\"by\":\"dispatcher-07\",\"assignee\":\"黄浦排水所\",\"note\":\"crew"
                    + " on the way\"}";

    static final String INCIDENT =
            "{\"id\":\"<deterministic>\",\"rule\":\"WATERLOGGING\",\"category\":\"WATERLOGGING\","
                    + "\"subject\":\"WL-310101-0007\",\"severity\":\"HIGH\",\"status\":\"OPEN\","
                    + "\"district\":\"310101\",\"street\":\"310101002\",\"cell\":\"8931aa...\","
                    + "\"lat\":31.2304,\"lon\":121.4737,\"departments\":[\"DRAINAGE\"],"
                    + "\"openedAt\":1784592000000,\"updatedAt\":1784592060000,"
                    + "\"ackBy\":1784592900000,\"resolveBy\":1784606400000,\"occurrences\":3,"
                    + "\"title\":\"人民路下立交 积水 32 cm\",\"evidence\":[{\"stream\":\"sensors\","
                    + "\"ref\":\"WL-310101-0007\",\"ts\":1784592060000}],"
                    + "\"breaches\":[],\"parent\":null,\"version\":4}";

    static final String DEAD_LETTER =
            "{\"stream\":\"sensors\",\"reason\":\"unknown-sensor\",\"detail\":\"WL-999\","
                    + "\"raw\":\"<the original text>\",\"ts\":1784592000000}";

    // ---- the same messages as Msg, for tests that break one field ----

    static Msg facility() {
        return Msg.of(
                "id", "\"WL-310101-0007\"",
                "type", "\"WATER_LEVEL\"",
                "lat", "31.2304",
                "lon", "121.4737",
                "district", "\"310101\"",
                "street", "\"310101002\"",
                "building", "null",
                "intervalSec", "60",
                "name", "\"人民路下立交\"");
    }

    static Msg streetOrder() {
        return Msg.of(
                "id", "\"SO-20260721-000123\"",
                "ts", "1784592000000",
                "source", "\"HOTLINE\"",
                "category", "\"STREET_VENDOR\"",
                "lat", "31.2304",
                "lon", "121.4737",
                "district", "\"310101\"",
                "street", "\"310101002\"",
                "address", "\"南京东路 100 号\"",
                "text", "\"free text from a citizen: untrusted\"");
    }

    static Msg observation() {
        return Msg.of(
                "kind", "\"OBSERVATION\"",
                "station", "\"58367\"",
                "ts", "1784592000000",
                "rain_mm_1h", "35.2",
                "wind_ms", "6.0",
                "gust_ms", "12.3",
                "temp_c", "29.5");
    }

    static Msg warning() {
        return Msg.of(
                "kind", "\"WARNING\"",
                "ts", "1784592000000",
                "hazard", "\"RAINSTORM\"",
                "level", "\"ORANGE\"",
                "districts", "[\"310101\"]",
                "until", "1784613600000");
    }

    static Msg reading() {
        return Msg.of(
                "sensor", "\"WL-310101-0007\"",
                "ts", "1784592000000",
                "metric", "\"depth_cm\"",
                "value", "17.5");
    }

    static Msg dispatchAction() {
        return Msg.of(
                "incident", "\"<incident id>\"",
                "ts", "1784592300000",
                "action", "\"ACK\"",
                "by", "\"dispatcher-07\"",
                "assignee", "\"黄浦排水所\"",
                "note", "\"crew on the way\"");
    }
}
