package io.cityops.events;

import io.cityops.events.Json.Fields;
import io.cityops.events.Json.Reject;
import io.cityops.events.Json.Value;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One decoder per contract message: capture the known fields, then check them in the contract's
 * order. Each message has its field names, in the order of the checks, and a switch from name to
 * index; {@link Json#fields} proves at class load that the two agree.
 */
final class Decoders {

    private static final Map<String, FacilityType> FACILITY_TYPES = Json.byName(FacilityType.class);
    private static final Map<String, OrderSource> SOURCES = Json.byName(OrderSource.class);
    private static final Map<String, OrderCategory> CATEGORIES = Json.byName(OrderCategory.class);
    private static final Map<String, Hazard> HAZARDS = Json.byName(Hazard.class);
    private static final Map<String, WarningLevel> LEVELS = Json.byName(WarningLevel.class);
    private static final Map<String, ActionType> ACTIONS = Json.byName(ActionType.class);
    private static final Map<String, Severity> SEVERITIES = Json.byName(Severity.class);
    private static final Map<String, IncidentStatus> STATUSES = Json.byName(IncidentStatus.class);

    /** A day: a facility that reports less often than daily cannot be watched for silence. */
    private static final int MAX_INTERVAL_SEC = 86_400;

    private Decoders() {}

    // ---- facility registry ----

    private static final String[] FACILITY =
            Json.fields(
                    Decoders::facilityField,
                    "id",
                    "type",
                    "lat",
                    "lon",
                    "district",
                    "street",
                    "building",
                    "intervalSec",
                    "name");

    private static int facilityField(String name) {
        return switch (name) {
            case "id" -> 0;
            case "type" -> 1;
            case "lat" -> 2;
            case "lon" -> 3;
            case "district" -> 4;
            case "street" -> 5;
            case "building" -> 6;
            case "intervalSec" -> 7;
            case "name" -> 8;
            default -> -1;
        };
    }

    static Decoded<Facility> facility(String raw) {
        try {
            Fields f = Json.read(raw, Codec.MAX_MESSAGE_BYTES, FACILITY, Decoders::facilityField);
            String id = f.id(0);
            FacilityType type = f.enumValue(1, FACILITY_TYPES);
            double[] at = f.position(2, 3);
            String district = f.district(4);
            String street = f.optionalStreet(5, district);
            String building = f.optionalId(6);
            int intervalSec = (int) f.integer(7, 1, MAX_INTERVAL_SEC);
            String name = f.optionalString(8, Codec.MAX_NAME_CHARS);
            return Decoded.ok(
                    new Facility(
                            id, type, at[0], at[1], district, street, building, intervalSec, name));
        } catch (Reject r) {
            return r.decoded();
        }
    }

    // ---- street orders ----

    private static final String[] STREET_ORDER =
            Json.fields(
                    Decoders::streetOrderField,
                    "id",
                    "ts",
                    "source",
                    "category",
                    "lat",
                    "lon",
                    "district",
                    "street",
                    "address",
                    "text");

    private static int streetOrderField(String name) {
        return switch (name) {
            case "id" -> 0;
            case "ts" -> 1;
            case "source" -> 2;
            case "category" -> 3;
            case "lat" -> 4;
            case "lon" -> 5;
            case "district" -> 6;
            case "street" -> 7;
            case "address" -> 8;
            case "text" -> 9;
            default -> -1;
        };
    }

    static Decoded<StreetOrder> streetOrder(String raw) {
        try {
            Fields f =
                    Json.read(
                            raw, Codec.MAX_MESSAGE_BYTES, STREET_ORDER, Decoders::streetOrderField);
            String id = f.id(0);
            long ts = f.ts(1);
            OrderSource source = f.enumValue(2, SOURCES);
            OrderCategory category = f.enumValue(3, CATEGORIES);
            double[] at = f.position(4, 5);
            String district = f.district(6);
            String street = f.optionalStreet(7, district);
            String address = f.optionalString(8, Codec.MAX_ADDRESS_CHARS);
            String text = f.optionalString(9, Codec.MAX_TEXT_CHARS);
            return Decoded.ok(
                    new StreetOrder(
                            id, ts, source, category, at[0], at[1], district, street, address,
                            text));
        } catch (Reject r) {
            return r.decoded();
        }
    }

    // ---- weather: both kinds share one object; the fields of the other kind are unknown fields
    // ----

    private static final String[] WEATHER =
            Json.fields(
                    Decoders::weatherField,
                    "kind",
                    "station",
                    "ts",
                    "rain_mm_1h",
                    "wind_ms",
                    "gust_ms",
                    "temp_c",
                    "hazard",
                    "level",
                    "districts",
                    "until");

    private static int weatherField(String name) {
        return switch (name) {
            case "kind" -> 0;
            case "station" -> 1;
            case "ts" -> 2;
            case "rain_mm_1h" -> 3;
            case "wind_ms" -> 4;
            case "gust_ms" -> 5;
            case "temp_c" -> 6;
            case "hazard" -> 7;
            case "level" -> 8;
            case "districts" -> 9;
            case "until" -> 10;
            default -> -1;
        };
    }

    /** Shanghai's records are about -12 °C and 41 °C; anything outside this is a broken sensor. */
    private static final double MIN_TEMP_C = -50, MAX_TEMP_C = 60;

    static Decoded<WeatherMessage> weather(String raw) {
        try {
            Fields f = Json.read(raw, Codec.MAX_MESSAGE_BYTES, WEATHER, Decoders::weatherField);
            String kind = f.string(0, Integer.MAX_VALUE);
            return switch (kind) {
                case "OBSERVATION" -> Decoded.ok(observation(f));
                case "WARNING" -> Decoded.ok(warning(f));
                default ->
                        throw new Reject(Reasons.UNKNOWN_VALUE, f.name(0) + "=" + Json.show(kind));
            };
        } catch (Reject r) {
            return r.decoded();
        }
    }

    private static WeatherObservation observation(Fields f) throws Reject {
        String station = f.id(1);
        long ts = f.ts(2);
        Double rain = f.optionalNumber(3, 0, Double.MAX_VALUE);
        Double wind = f.optionalNumber(4, 0, Double.MAX_VALUE);
        Double gust = f.optionalNumber(5, 0, Double.MAX_VALUE);
        Double temp = f.optionalNumber(6, MIN_TEMP_C, MAX_TEMP_C);
        return new WeatherObservation(station, ts, rain, wind, gust, temp);
    }

    private static WeatherWarning warning(Fields f) throws Reject {
        long ts = f.ts(2);
        Hazard hazard = f.enumValue(7, HAZARDS);
        WarningLevel level = f.enumValue(8, LEVELS);
        List<String> districts = List.of();
        if (f.has(9)) {
            List<Value> elements = f.array(9);
            List<String> codes = new ArrayList<>(elements.size());
            for (int i = 0; i < elements.size(); i++) {
                codes.add(Json.district(elements.get(i), f.name(9) + "[" + i + "]"));
            }
            districts = List.copyOf(codes);
        }
        Long until = f.optionalTs(10);
        if (until != null && until < ts) {
            throw new Reject(Reasons.OUT_OF_RANGE, f.name(10) + "=" + until + " < ts=" + ts);
        }
        return new WeatherWarning(ts, hazard, level, districts, until);
    }

    // ---- facility sensor readings ----

    private static final String[] READING =
            Json.fields(Decoders::readingField, "sensor", "ts", "metric", "value");

    private static int readingField(String name) {
        return switch (name) {
            case "sensor" -> 0;
            case "ts" -> 1;
            case "metric" -> 2;
            case "value" -> 3;
            default -> -1;
        };
    }

    /** Deeper than 10 m is not a flooded street but a sensor fault. */
    private static final double MAX_DEPTH_CM = 1000;

    static Decoded<SensorReading> reading(String raw) {
        try {
            Fields f = Json.read(raw, Codec.MAX_MESSAGE_BYTES, READING, Decoders::readingField);
            String sensor = f.id(0);
            long ts = f.ts(1);
            String wire = f.string(2, Integer.MAX_VALUE);
            Metric metric = Metric.fromWire(wire);
            if (metric == null) {
                throw new Reject(Reasons.UNKNOWN_VALUE, f.name(2) + "=" + Json.show(wire));
            }
            double value = f.number(3);
            checkValue(metric, value);
            return Decoded.ok(new SensorReading(sensor, ts, metric, value));
        } catch (Reject r) {
            return r.decoded();
        }
    }

    /** The physical range of each metric; the detail names the metric, not "value". */
    private static void checkValue(Metric metric, double value) throws Reject {
        boolean ok =
                switch (metric) {
                    case DEPTH_CM -> value >= 0 && value <= MAX_DEPTH_CM;
                    case TILT_DEG -> value >= 0 && value <= 90;
                    case OPEN, ENTRAPMENT, FAULT, SMOKE -> value == 0 || value == 1;
                    case LEL_PCT -> value >= 0 && value <= 100;
                    case HEARTBEAT -> true;
                };
        if (!ok) {
            throw new Reject(Reasons.OUT_OF_RANGE, metric.wire() + "=" + value);
        }
    }

    // ---- dispatch actions ----

    private static final String[] DISPATCH =
            Json.fields(
                    Decoders::dispatchField, "incident", "ts", "action", "by", "assignee", "note");

    private static int dispatchField(String name) {
        return switch (name) {
            case "incident" -> 0;
            case "ts" -> 1;
            case "action" -> 2;
            case "by" -> 3;
            case "assignee" -> 4;
            case "note" -> 5;
            default -> -1;
        };
    }

    static Decoded<DispatchAction> dispatchAction(String raw) {
        try {
            Fields f = Json.read(raw, Codec.MAX_MESSAGE_BYTES, DISPATCH, Decoders::dispatchField);
            String incident = f.id(0);
            long ts = f.ts(1);
            ActionType action = f.enumValue(2, ACTIONS);
            String by = f.id(3);
            String assignee = action == ActionType.ASSIGN ? f.id(4) : f.optionalId(4);
            String note = f.optionalString(5, Codec.MAX_TEXT_CHARS);
            return Decoded.ok(new DispatchAction(incident, ts, action, by, assignee, note));
        } catch (Reject r) {
            return r.decoded();
        }
    }

    // ---- incidents (the job's output, decoded by consumers and tests) ----

    private static final String[] INCIDENT =
            Json.fields(
                    Decoders::incidentField,
                    "id",
                    "rule",
                    "category",
                    "subject",
                    "severity",
                    "status",
                    "district",
                    "street",
                    "cell",
                    "lat",
                    "lon",
                    "departments",
                    "openedAt",
                    "updatedAt",
                    "ackBy",
                    "resolveBy",
                    "occurrences",
                    "title",
                    "evidence",
                    "breaches",
                    "parent",
                    "version",
                    "assignee",
                    "timeline",
                    "rulesVersion");

    private static int incidentField(String name) {
        return switch (name) {
            case "id" -> 0;
            case "rule" -> 1;
            case "category" -> 2;
            case "subject" -> 3;
            case "severity" -> 4;
            case "status" -> 5;
            case "district" -> 6;
            case "street" -> 7;
            case "cell" -> 8;
            case "lat" -> 9;
            case "lon" -> 10;
            case "departments" -> 11;
            case "openedAt" -> 12;
            case "updatedAt" -> 13;
            case "ackBy" -> 14;
            case "resolveBy" -> 15;
            case "occurrences" -> 16;
            case "title" -> 17;
            case "evidence" -> 18;
            case "breaches" -> 19;
            case "parent" -> 20;
            case "version" -> 21;
            case "assignee" -> 22;
            case "timeline" -> 23;
            case "rulesVersion" -> 24;
            default -> -1;
        };
    }

    static Decoded<Incident> incident(String raw) {
        try {
            Fields f =
                    Json.read(
                            raw, Codec.MAX_OUTPUT_MESSAGE_BYTES, INCIDENT, Decoders::incidentField);
            String id = f.id(0);
            String rule = f.id(1);
            String category = f.id(2);
            String subject = f.id(3);
            Severity severity = f.enumValue(4, SEVERITIES);
            IncidentStatus status = f.enumValue(5, STATUSES);
            String district = f.district(6);
            String street = f.optionalStreet(7, district);
            String cell = f.optionalId(8);
            double[] at = f.position(9, 10);
            List<String> departments = departments(f, 11);
            long openedAt = f.ts(12);
            long updatedAt = f.ts(13);
            if (updatedAt < openedAt) {
                throw new Reject(
                        Reasons.OUT_OF_RANGE,
                        f.name(13) + "=" + updatedAt + " < " + f.name(12) + "=" + openedAt);
            }
            Long ackBy = f.optionalTs(14);
            Long resolveBy = f.optionalTs(15);
            int occurrences = (int) f.integer(16, 0, Integer.MAX_VALUE);
            String title = f.string(17, Codec.MAX_TITLE_CHARS);
            List<Evidence> evidence = evidence(f, 18);
            List<Breach> breaches = breaches(f, 19);
            String parent = f.optionalId(20);
            long version = f.integer(21, 0, Long.MAX_VALUE);
            String assignee = f.optionalString(22, Codec.MAX_ID_CHARS);
            List<TimelineEntry> timeline = f.has(23) ? timeline(f, 23) : List.of();
            String rulesVersion = f.optionalString(24, Codec.MAX_ID_CHARS);
            return Decoded.ok(
                    new Incident(
                            id,
                            rule,
                            category,
                            subject,
                            severity,
                            status,
                            district,
                            street,
                            cell,
                            at[0],
                            at[1],
                            departments,
                            openedAt,
                            updatedAt,
                            ackBy,
                            resolveBy,
                            occurrences,
                            title,
                            evidence,
                            breaches,
                            parent,
                            version,
                            assignee,
                            timeline,
                            rulesVersion));
        } catch (Reject r) {
            return r.decoded();
        }
    }

    private static List<String> departments(Fields f, int i) throws Reject {
        List<Value> elements = f.array(i);
        List<String> out = new ArrayList<>(elements.size());
        for (int k = 0; k < elements.size(); k++) {
            out.add(Json.string(elements.get(k), f.name(i) + "[" + k + "]", Codec.MAX_ID_CHARS));
        }
        return List.copyOf(out);
    }

    private static List<Evidence> evidence(Fields f, int i) throws Reject {
        List<Value> elements = f.array(i);
        List<Evidence> out = new ArrayList<>(elements.size());
        for (int k = 0; k < elements.size(); k++) {
            String label = f.name(i) + "[" + k + "]";
            Map<String, Value> m = Json.object(elements.get(k), label);
            out.add(
                    new Evidence(
                            Json.string(m.get("stream"), label + ".stream", Codec.MAX_ID_CHARS),
                            Json.string(m.get("ref"), label + ".ref", Codec.MAX_ID_CHARS),
                            Json.ts(m.get("ts"), label + ".ts")));
        }
        return List.copyOf(out);
    }

    private static List<TimelineEntry> timeline(Fields f, int i) throws Reject {
        List<Value> elements = f.array(i);
        List<TimelineEntry> out = new ArrayList<>(elements.size());
        for (int k = 0; k < elements.size(); k++) {
            String label = f.name(i) + "[" + k + "]";
            Map<String, Value> m = Json.object(elements.get(k), label);
            Value note = m.get("note");
            out.add(
                    new TimelineEntry(
                            Json.ts(m.get("at"), label + ".at"),
                            Json.string(m.get("action"), label + ".action", Codec.MAX_ID_CHARS),
                            Json.string(m.get("by"), label + ".by", Codec.MAX_ID_CHARS),
                            note == null || note.isNull()
                                    ? null
                                    : Json.text(note, label + ".note", Codec.MAX_TEXT_CHARS)));
        }
        return List.copyOf(out);
    }

    private static List<Breach> breaches(Fields f, int i) throws Reject {
        List<Value> elements = f.array(i);
        List<Breach> out = new ArrayList<>(elements.size());
        for (int k = 0; k < elements.size(); k++) {
            String label = f.name(i) + "[" + k + "]";
            Map<String, Value> m = Json.object(elements.get(k), label);
            String kind = Json.string(m.get("kind"), label + ".kind", Integer.MAX_VALUE);
            if (!kind.equals("ACK") && !kind.equals("RESOLVE")) {
                throw new Reject(Reasons.UNKNOWN_VALUE, label + ".kind=" + Json.show(kind));
            }
            out.add(new Breach(kind, Json.ts(m.get("at"), label + ".at")));
        }
        return List.copyOf(out);
    }

    // ---- escalations (an extension of the contract) ----

    private static final String[] ESCALATION =
            Json.fields(
                    Decoders::escalationField,
                    "incident",
                    "district",
                    "kind",
                    "at",
                    "severity",
                    "target");

    private static int escalationField(String name) {
        return switch (name) {
            case "incident" -> 0;
            case "district" -> 1;
            case "kind" -> 2;
            case "at" -> 3;
            case "severity" -> 4;
            case "target" -> 5;
            default -> -1;
        };
    }

    static Decoded<Escalation> escalation(String raw) {
        try {
            Fields f =
                    Json.read(raw, Codec.MAX_MESSAGE_BYTES, ESCALATION, Decoders::escalationField);
            String incident = f.id(0);
            String district = f.district(1);
            String kind = f.id(2);
            if (!kind.equals("ACK") && !kind.equals("RESOLVE")) {
                throw new Reject(Reasons.UNKNOWN_VALUE, f.name(2) + "=" + Json.show(kind));
            }
            long at = f.ts(3);
            Severity severity = f.enumValue(4, SEVERITIES);
            String target = f.string(5, Codec.MAX_NAME_CHARS);
            return Decoded.ok(
                    new Escalation(incident, district, kind, at, severity.name(), target));
        } catch (Reject r) {
            return r.decoded();
        }
    }

    // ---- dead letters ----

    private static final String[] DEAD_LETTER =
            Json.fields(Decoders::deadLetterField, "stream", "reason", "detail", "raw", "ts");

    private static int deadLetterField(String name) {
        return switch (name) {
            case "stream" -> 0;
            case "reason" -> 1;
            case "detail" -> 2;
            case "raw" -> 3;
            case "ts" -> 4;
            default -> -1;
        };
    }

    static Decoded<DeadLetter> deadLetter(String raw) {
        try {
            Fields f =
                    Json.read(
                            raw,
                            Codec.MAX_OUTPUT_MESSAGE_BYTES,
                            DEAD_LETTER,
                            Decoders::deadLetterField);
            String stream = f.string(0, Integer.MAX_VALUE);
            if (Codec.streamOf(stream) == null) {
                throw new Reject(Reasons.UNKNOWN_VALUE, f.name(0) + "=" + Json.show(stream));
            }
            String reason = f.id(1);
            String detail = Json.text(f.get(2), f.name(2), Codec.MAX_DETAIL_CHARS);
            String original = Json.text(f.get(3), f.name(3), Integer.MAX_VALUE);
            Long ts = f.optionalTs(4);
            return Decoded.ok(new DeadLetter(stream, reason, detail, original, ts));
        } catch (Reject r) {
            return r.decoded();
        }
    }
}
