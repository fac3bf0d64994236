package io.cityops.events;

import static io.cityops.events.ContractExamples.dispatchAction;
import static io.cityops.events.ContractExamples.facility;
import static io.cityops.events.ContractExamples.observation;
import static io.cityops.events.ContractExamples.reading;
import static io.cityops.events.ContractExamples.streetOrder;
import static io.cityops.events.ContractExamples.warning;
import static io.cityops.events.Msg.str;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import java.util.stream.Stream;

/** Every kind of bad input gets its reason and a detail naming the field and value. */
class CodecRejectionTest {

    private static void assertRejected(Decoded<?> decoded, String reason, String detail) {
        assertThat(decoded.value()).as("decoded value").isNull();
        assertThat(decoded.rejection()).isEqualTo(new Rejection(reason, detail));
    }

    private static void assertRejected(Decoded<?> decoded, String reason) {
        assertThat(decoded.value()).as("decoded value").isNull();
        assertThat(decoded.rejection()).isNotNull();
        assertThat(decoded.rejection().reason()).isEqualTo(reason);
        assertThat(decoded.rejection().detail()).isNotBlank();
    }

    // ---- not JSON, not an object ----

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", "hello", "{sensor: 1}", "{'sensor':'x'}", "{\"ts\":NaN}"})
    void rejectsTextThatIsNotJson(String raw) {
        assertRejected(Codec.decodeSensorReading(raw), Reasons.INVALID_JSON);
    }

    @Test
    void saysWhereTheTextStopsBeingJson() {
        assertRejected(
                Codec.decodeSensorReading("{\"sensor\":\"x\",\"ts\":1"),
                Reasons.INVALID_JSON,
                "truncated message at char 20");
        assertRejected(
                Codec.decodeSensorReading("{\"ts\":NaN}"),
                Reasons.INVALID_JSON,
                "non-standard token 'NaN' at char 9");
    }

    @Test
    void rejectsAnArrayInsteadOfAnObject() {
        assertRejected(
                Codec.decodeSensorReading("[" + ContractExamples.READING + "]"),
                Reasons.INVALID_JSON,
                "expected an object, got array");
    }

    @ParameterizedTest
    @ValueSource(strings = {"42", "\"text\"", "null", "true"})
    void rejectsAJsonValueThatIsNotAnObject(String raw) {
        assertRejected(Codec.decodeStreetOrder(raw), Reasons.INVALID_JSON);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 10, 30, 50, 70, 78})
    void rejectsATruncatedMessage(int length) {
        String raw = ContractExamples.READING.substring(0, length);

        assertRejected(Codec.decodeSensorReading(raw), Reasons.INVALID_JSON);
    }

    @Test
    void rejectsATruncatedIncidentInsideItsEvidence() {
        String raw = ContractExamples.INCIDENT;
        raw = raw.substring(0, raw.indexOf("\"ref\""));

        assertRejected(Codec.decodeIncident(raw), Reasons.INVALID_JSON);
    }

    @ParameterizedTest
    @ValueSource(strings = {" x", "}", "{}", ",", " " + ContractExamples.READING})
    void rejectsTrailingContentAfterTheObject(String trailer) {
        assertRejected(
                Codec.decodeSensorReading(ContractExamples.READING + trailer),
                Reasons.INVALID_JSON);
    }

    @Test
    void acceptsTrailingWhitespaceAndCarriageReturn() {
        assertThat(Codec.decodeSensorReading(ContractExamples.READING + " \r\n").isOk()).isTrue();
    }

    @Test
    void rejectsAKnownFieldGivenTwice() {
        String raw = reading().json().replace("}", ",\"value\":99.0}");

        assertRejected(
                Codec.decodeSensorReading(raw), Reasons.INVALID_JSON, "duplicate field value");
    }

    @Test
    void prefersInvalidJsonOverAFieldProblemBeforeIt() {
        String raw = reading().with("lat", "95").with("ts", "-1").json() + "x";

        assertRejected(Codec.decodeSensorReading(raw), Reasons.INVALID_JSON);
    }

    // ---- missing fields ----

    record Missing(String stream, Msg valid, Function<String, Decoded<?>> decode, String field) {
        @Override
        public String toString() {
            return stream + " without " + field;
        }
    }

    static Stream<Missing> requiredFields() {
        Stream.Builder<Missing> b = Stream.builder();
        for (String f : new String[] {"id", "type", "lat", "lon", "district", "intervalSec"}) {
            b.add(new Missing("facility", facility(), Codec::decodeFacility, f));
        }
        for (String f : new String[] {"id", "ts", "source", "category", "lat", "lon", "district"}) {
            b.add(new Missing("street order", streetOrder(), Codec::decodeStreetOrder, f));
        }
        for (String f : new String[] {"kind", "station", "ts"}) {
            b.add(new Missing("observation", observation(), Codec::decodeWeather, f));
        }
        for (String f : new String[] {"kind", "ts", "hazard", "level"}) {
            b.add(new Missing("warning", warning(), Codec::decodeWeather, f));
        }
        for (String f : new String[] {"sensor", "ts", "metric", "value"}) {
            b.add(new Missing("reading", reading(), Codec::decodeSensorReading, f));
        }
        for (String f : new String[] {"incident", "ts", "action", "by"}) {
            b.add(new Missing("dispatch action", dispatchAction(), Codec::decodeDispatchAction, f));
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requiredFields")
    void rejectsAMessageWithoutARequiredField(Missing m) {
        assertRejected(
                m.decode().apply(m.valid().without(m.field()).json()),
                Reasons.MISSING_FIELD,
                m.field());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requiredFields")
    void treatsJsonNullInARequiredFieldAsMissing(Missing m) {
        assertRejected(
                m.decode().apply(m.valid().with(m.field(), "null").json()),
                Reasons.MISSING_FIELD,
                m.field());
    }

    @Test
    void rejectsAnAssignWithoutAssignee() {
        Msg assign = dispatchAction().with("action", str("ASSIGN"));

        assertThat(Codec.decodeDispatchAction(assign.json()).isOk()).isTrue();
        assertRejected(
                Codec.decodeDispatchAction(assign.without("assignee").json()),
                Reasons.MISSING_FIELD,
                "assignee");
    }

    @Test
    void acceptsAnAckWithoutAssigneeOrNote() {
        Decoded<DispatchAction> d =
                Codec.decodeDispatchAction(
                        dispatchAction().without("assignee").without("note").json());

        assertThat(d.value().assignee()).isNull();
        assertThat(d.value().note()).isNull();
    }

    @Test
    void rejectsABlankId() {
        assertRejected(
                Codec.decodeStreetOrder(streetOrder().with("id", str("  ")).json()),
                Reasons.MISSING_FIELD,
                "id (empty)");
    }

    @Test
    void acceptsAWarningWithoutDistrictsOrUntilAsCityWide() {
        Decoded<WeatherMessage> d =
                Codec.decodeWeather(warning().without("districts").with("until", "null").json());

        assertThat(d.value())
                .isEqualTo(
                        new WeatherWarning(
                                1784592000000L,
                                Hazard.RAINSTORM,
                                WarningLevel.ORANGE,
                                java.util.List.of(),
                                null));
    }

    @Test
    void acceptsAnObservationWithOnlyItsRequiredFields() {
        Decoded<WeatherMessage> d =
                Codec.decodeWeather(
                        Msg.of("kind", str("OBSERVATION"), "station", str("58367"), "ts", "1")
                                .json());

        assertThat(d.value()).isEqualTo(new WeatherObservation("58367", 1, null, null, null, null));
    }

    // ---- wrong types ----

    @Test
    void rejectsANumberGivenAsAString() {
        assertRejected(
                Codec.decodeStreetOrder(streetOrder().with("lat", str("31.2")).json()),
                Reasons.WRONG_TYPE,
                "lat: expected number, got string");
        assertRejected(
                Codec.decodeSensorReading(reading().with("ts", str("1784592000000")).json()),
                Reasons.WRONG_TYPE,
                "ts: expected integer, got string");
    }

    @Test
    void rejectsATimestampGivenAsAFraction() {
        assertRejected(
                Codec.decodeSensorReading(reading().with("ts", "1.5").json()),
                Reasons.WRONG_TYPE,
                "ts: expected integer, got 1.5");
        assertRejected(
                Codec.decodeSensorReading(reading().with("ts", "1784592000000.0").json()),
                Reasons.WRONG_TYPE);
    }

    @Test
    void rejectsAnIntervalGivenAsAFraction() {
        assertRejected(
                Codec.decodeFacility(facility().with("intervalSec", "60.5").json()),
                Reasons.WRONG_TYPE,
                "intervalSec: expected integer, got 60.5");
    }

    @Test
    void rejectsAStringFieldGivenAsAnotherType() {
        assertRejected(
                Codec.decodeSensorReading(reading().with("sensor", "42").json()),
                Reasons.WRONG_TYPE,
                "sensor: expected string, got number");
        assertRejected(
                Codec.decodeSensorReading(reading().with("metric", "{\"x\":1}").json()),
                Reasons.WRONG_TYPE,
                "metric: expected string, got object");
        assertRejected(
                Codec.decodeStreetOrder(streetOrder().with("text", "[\"a\"]").json()),
                Reasons.WRONG_TYPE,
                "text: expected string, got array");
    }

    @Test
    void rejectsABooleanReadingValue() {
        assertRejected(
                Codec.decodeSensorReading(reading().with("value", "true").json()),
                Reasons.WRONG_TYPE,
                "value: expected number, got boolean");
    }

    @Test
    void rejectsWarningDistrictsThatAreNotAnArrayOfStrings() {
        assertRejected(
                Codec.decodeWeather(warning().with("districts", str("310101")).json()),
                Reasons.WRONG_TYPE,
                "districts: expected array, got string");
        assertRejected(
                Codec.decodeWeather(warning().with("districts", "[310101]").json()),
                Reasons.WRONG_TYPE,
                "districts[0]: expected string, got number");
    }

    // ---- out of range ----

    @Test
    void rejectsALatitudeOutsideShanghai() {
        assertRejected(
                Codec.decodeStreetOrder(streetOrder().with("lat", "95").json()),
                Reasons.OUT_OF_RANGE,
                "lat=95.0");
        assertRejected(
                Codec.decodeFacility(facility().with("lat", "39.9").json()),
                Reasons.OUT_OF_RANGE,
                "lat=39.9");
    }

    @Test
    void rejectsALongitudeOutsideShanghai() {
        assertRejected(
                Codec.decodeStreetOrder(streetOrder().with("lon", "116.4").json()),
                Reasons.OUT_OF_RANGE,
                "lon=116.4");
    }

    @Test
    void rejectsANegativeTimestamp() {
        assertRejected(
                Codec.decodeSensorReading(reading().with("ts", "-1").json()),
                Reasons.OUT_OF_RANGE,
                "ts=-1");
    }

    @Test
    void rejectsATimestampFromYear2100OnAndOneTooBigForALong() {
        assertRejected(
                Codec.decodeSensorReading(reading().with("ts", "4102444800000").json()),
                Reasons.OUT_OF_RANGE,
                "ts=4102444800000");
        assertThat(Codec.decodeSensorReading(reading().with("ts", "4102444799999").json()).isOk())
                .isTrue();
        assertRejected(
                Codec.decodeSensorReading(
                        reading().with("ts", "123456789012345678901234567890").json()),
                Reasons.OUT_OF_RANGE,
                "ts=123456789012345678901234567890");
    }

    @Test
    void rejectsANumberTooLargeToBeFinite() {
        assertRejected(
                Codec.decodeSensorReading(reading().with("value", "1e999").json()),
                Reasons.OUT_OF_RANGE,
                "value=Infinity");
    }

    @Test
    void rejectsANegativeWaterDepth() {
        assertRejected(
                Codec.decodeSensorReading(reading().with("value", "-3").json()),
                Reasons.OUT_OF_RANGE,
                "depth_cm=-3.0");
    }

    static Stream<Arguments> readingsOutOfRange() {
        return Stream.of(
                Arguments.of("depth_cm", "1000.5"),
                Arguments.of("tilt_deg", "-0.1"),
                Arguments.of("tilt_deg", "90.5"),
                Arguments.of("open", "2"),
                Arguments.of("open", "0.5"),
                Arguments.of("entrapment", "-1"),
                Arguments.of("fault", "3"),
                Arguments.of("smoke", "2"),
                Arguments.of("lel_pct", "-1"),
                Arguments.of("lel_pct", "100.1"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("readingsOutOfRange")
    void rejectsAReadingOutsideItsMetricsRange(String metric, String value) {
        Decoded<SensorReading> d =
                Codec.decodeSensorReading(
                        reading().with("metric", str(metric)).with("value", value).json());

        assertRejected(d, Reasons.OUT_OF_RANGE, metric + "=" + Double.parseDouble(value));
    }

    static Stream<Arguments> readingsInRange() {
        return Stream.of(
                Arguments.of("depth_cm", "0"),
                Arguments.of("depth_cm", "1000"),
                Arguments.of("tilt_deg", "90"),
                Arguments.of("open", "1"),
                Arguments.of("open", "0.0"),
                Arguments.of("entrapment", "1"),
                Arguments.of("fault", "0"),
                Arguments.of("smoke", "1"),
                Arguments.of("lel_pct", "100"),
                Arguments.of("heartbeat", "-12345.6"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("readingsInRange")
    void acceptsAReadingAtTheEdgeOfItsMetricsRange(String metric, String value) {
        Decoded<SensorReading> d =
                Codec.decodeSensorReading(
                        reading().with("metric", str(metric)).with("value", value).json());

        assertThat(d.rejection()).isNull();
        assertThat(d.value().value()).isEqualTo(Double.parseDouble(value));
    }

    @Test
    void rejectsImpossibleWeather() {
        assertRejected(
                Codec.decodeWeather(observation().with("rain_mm_1h", "-0.1").json()),
                Reasons.OUT_OF_RANGE,
                "rain_mm_1h=-0.1");
        assertRejected(
                Codec.decodeWeather(observation().with("gust_ms", "-1").json()),
                Reasons.OUT_OF_RANGE,
                "gust_ms=-1.0");
        assertRejected(
                Codec.decodeWeather(observation().with("temp_c", "61").json()),
                Reasons.OUT_OF_RANGE,
                "temp_c=61.0");
        assertRejected(
                Codec.decodeWeather(observation().with("temp_c", "-50.5").json()),
                Reasons.OUT_OF_RANGE,
                "temp_c=-50.5");
    }

    @Test
    void rejectsAWarningThatEndsBeforeItStarts() {
        assertRejected(
                Codec.decodeWeather(warning().with("until", "1784591999999").json()),
                Reasons.OUT_OF_RANGE,
                "until=1784591999999 < ts=1784592000000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-60", "86401"})
    void rejectsAReportingIntervalOutsideOneSecondToOneDay(String interval) {
        assertRejected(
                Codec.decodeFacility(facility().with("intervalSec", interval).json()),
                Reasons.OUT_OF_RANGE,
                "intervalSec=" + interval);
    }

    // ---- unknown values ----

    static Stream<Arguments> unknownValues() {
        return Stream.of(
                Arguments.of(
                        "street order",
                        streetOrder(),
                        (Function<String, Decoded<?>>) Codec::decodeStreetOrder,
                        "source",
                        "FAX"),
                Arguments.of(
                        "street order",
                        streetOrder(),
                        (Function<String, Decoded<?>>) Codec::decodeStreetOrder,
                        "category",
                        "FOO"),
                Arguments.of(
                        "street order",
                        streetOrder(),
                        (Function<String, Decoded<?>>) Codec::decodeStreetOrder,
                        "district",
                        "310199"),
                Arguments.of(
                        "reading",
                        reading(),
                        (Function<String, Decoded<?>>) Codec::decodeSensorReading,
                        "metric",
                        "DEPTH_CM"),
                Arguments.of(
                        "reading",
                        reading(),
                        (Function<String, Decoded<?>>) Codec::decodeSensorReading,
                        "metric",
                        "pressure"),
                Arguments.of(
                        "warning",
                        warning(),
                        (Function<String, Decoded<?>>) Codec::decodeWeather,
                        "hazard",
                        "TORNADO"),
                Arguments.of(
                        "warning",
                        warning(),
                        (Function<String, Decoded<?>>) Codec::decodeWeather,
                        "level",
                        "PURPLE"),
                Arguments.of(
                        "warning",
                        warning(),
                        (Function<String, Decoded<?>>) Codec::decodeWeather,
                        "kind",
                        "FORECAST"),
                Arguments.of(
                        "dispatch action",
                        dispatchAction(),
                        (Function<String, Decoded<?>>) Codec::decodeDispatchAction,
                        "action",
                        "ESCALATE"),
                Arguments.of(
                        "facility",
                        facility(),
                        (Function<String, Decoded<?>>) Codec::decodeFacility,
                        "type",
                        "water_level"),
                Arguments.of(
                        "facility",
                        facility(),
                        (Function<String, Decoded<?>>) Codec::decodeFacility,
                        "district",
                        "110101"));
    }

    @ParameterizedTest(name = "{0} {3}={4}")
    @MethodSource("unknownValues")
    void rejectsAValueItsFieldDoesNotAllow(
            String stream,
            Msg valid,
            Function<String, Decoded<?>> decode,
            String field,
            String value) {
        assertRejected(
                decode.apply(valid.with(field, str(value)).json()),
                Reasons.UNKNOWN_VALUE,
                field + "=" + value);
    }

    @Test
    void rejectsReadingWithUnknownMetric() {
        assertRejected(
                Codec.decodeSensorReading(reading().with("metric", str("humidity")).json()),
                Reasons.UNKNOWN_VALUE,
                "metric=humidity");
    }

    @Test
    void rejectsAWarningForAnUnknownDistrict() {
        assertRejected(
                Codec.decodeWeather(warning().with("districts", "[\"310101\",\"310102\"]").json()),
                Reasons.UNKNOWN_VALUE,
                "districts[1]=310102");
    }

    @Test
    void rejectsAStreetThatIsNotInItsDistrict() {
        assertRejected(
                Codec.decodeStreetOrder(streetOrder().with("street", str("310104002")).json()),
                Reasons.UNKNOWN_VALUE,
                "street=310104002 is not a street-town of 310101");
        assertRejected(
                Codec.decodeFacility(facility().with("street", str("31010100")).json()),
                Reasons.UNKNOWN_VALUE,
                "street=31010100 is not a street-town of 310101");
    }

    @Test
    void cutsALongOffendingValueShortInTheDetail() {
        Decoded<StreetOrder> d =
                Codec.decodeStreetOrder(
                        streetOrder().with("category", str("X".repeat(1000))).json());

        assertThat(d.rejection().reason()).isEqualTo(Reasons.UNKNOWN_VALUE);
        assertThat(d.rejection().detail())
                .hasSizeLessThan(100)
                .startsWith("category=XXX")
                .endsWith("…");
    }

    // ---- sizes ----

    @Test
    void rejectsARawMessageOverTheSizeLimitBeforeParsing() {
        String padding = "x".repeat(Codec.MAX_MESSAGE_BYTES);
        String raw = reading().with("padding", str(padding)).json();

        assertRejected(
                Codec.decodeSensorReading(raw),
                Reasons.OVERSIZED,
                "message: " + raw.length() + " bytes > " + Codec.MAX_MESSAGE_BYTES);
        // Not JSON at all, yet oversized wins: the size is checked before any parsing.
        assertRejected(Codec.decodeSensorReading("!".repeat(70_000)), Reasons.OVERSIZED);
    }

    @Test
    void measuresTheSizeLimitInUtf8Bytes() {
        // 25,000 Chinese chars are 75,000 bytes in UTF-8, though fewer than 64 Ki chars.
        String raw = streetOrder().with("padding", str("水".repeat(25_000))).json();

        assertRejected(
                Codec.decodeStreetOrder(raw),
                Reasons.OVERSIZED,
                "message: "
                        + raw.getBytes(StandardCharsets.UTF_8).length
                        + " bytes > "
                        + Codec.MAX_MESSAGE_BYTES);
    }

    @Test
    void acceptsAMessageJustUnderTheSizeLimitWithAnUnknownField() {
        String base = reading().with("padding", str("")).json();
        String raw =
                reading()
                        .with("padding", str("x".repeat(Codec.MAX_MESSAGE_BYTES - base.length())))
                        .json();

        assertThat(raw).hasSize(Codec.MAX_MESSAGE_BYTES);
        assertThat(Codec.decodeSensorReading(raw).isOk()).isTrue();
    }

    @Test
    void rejectsAnOversizedText() {
        assertRejected(
                Codec.decodeStreetOrder(streetOrder().with("text", str("a".repeat(5000))).json()),
                Reasons.OVERSIZED,
                "text: 5000 chars > 2000");
    }

    @Test
    void rejectsOversizedAddressNameNoteAndId() {
        assertRejected(
                Codec.decodeStreetOrder(streetOrder().with("address", str("路".repeat(501))).json()),
                Reasons.OVERSIZED,
                "address: 501 chars > 500");
        assertRejected(
                Codec.decodeFacility(facility().with("name", str("n".repeat(201))).json()),
                Reasons.OVERSIZED,
                "name: 201 chars > 200");
        assertRejected(
                Codec.decodeDispatchAction(
                        dispatchAction().with("note", str("n".repeat(2001))).json()),
                Reasons.OVERSIZED,
                "note: 2001 chars > 2000");
        assertRejected(
                Codec.decodeSensorReading(reading().with("sensor", str("s".repeat(129))).json()),
                Reasons.OVERSIZED,
                "sensor: 129 chars > 128");
        assertRejected(
                Codec.decodeDispatchAction(
                        dispatchAction().with("assignee", str("a".repeat(129))).json()),
                Reasons.OVERSIZED,
                "assignee: 129 chars > 128");
    }

    @Test
    void countsTextLimitsInCharactersNotUtf16Units() {
        // 1,500 emoji are 3,000 UTF-16 units but 1,500 characters: within the 2,000 limit.
        String emoji = "😀".repeat(1500);

        Decoded<StreetOrder> d =
                Codec.decodeStreetOrder(streetOrder().with("text", str(emoji)).json());

        assertThat(d.rejection()).isNull();
        assertThat(d.value().text()).isEqualTo(emoji);
    }

    @Test
    void rejectsDeepNestingWithoutBlowingTheStack() {
        for (int depth : new int[] {Codec.MAX_NESTING_DEPTH, 1_000, 30_000}) {
            String nested = "[".repeat(depth) + "]".repeat(depth);
            Decoded<SensorReading> d =
                    Codec.decodeSensorReading(reading().with("extra", nested).json());

            assertRejected(d, Reasons.INVALID_JSON);
            assertThat(d.rejection().detail()).isEqualTo("nesting deeper than 32 levels");
        }
    }

    @Test
    void acceptsNestingWithinTheLimitInAnUnknownField() {
        int depth = Codec.MAX_NESTING_DEPTH - 1; // the message object itself is one level
        String nested = "[".repeat(depth) + "]".repeat(depth);

        assertThat(Codec.decodeSensorReading(reading().with("extra", nested).json()).isOk())
                .isTrue();
    }

    // ---- unknown fields and order ----

    @Test
    void ignoresUnknownFieldsWithNestedChildren() {
        String raw =
                reading()
                        .with("meta", "{\"ts\":\"not a time\",\"sensor\":[1,{\"value\":null}]}")
                        .with("tags", "[[\"ts\"],{\"metric\":\"bogus\"}]")
                        .json();

        assertThat(Codec.decodeSensorReading(raw).value())
                .isEqualTo(Codec.decodeSensorReading(ContractExamples.READING).value());
    }

    @Test
    void ignoresTheFieldsOfTheOtherWeatherKind() {
        String raw = observation().with("hazard", str("TORNADO")).with("districts", "42").json();

        assertThat(Codec.decodeWeather(raw).isOk()).isTrue();
    }

    @Test
    void givesTheSameRejectionWhateverTheKeyOrder() {
        String a = "{\"sensor\":\"S\",\"ts\":-1,\"metric\":\"nope\",\"value\":1}";
        String b = "{\"value\":1,\"metric\":\"nope\",\"ts\":-1,\"sensor\":\"S\"}";

        assertThat(Codec.decodeSensorReading(a).rejection())
                .isEqualTo(Codec.decodeSensorReading(b).rejection())
                .isEqualTo(new Rejection(Reasons.OUT_OF_RANGE, "ts=-1"));
    }

    // ---- outputs ----

    @Test
    void rejectsAnIncidentWithAnUnknownSeverityOrBreach() {
        assertRejected(
                Codec.decodeIncident(ContractExamples.INCIDENT.replace("\"HIGH\"", "\"URGENT\"")),
                Reasons.UNKNOWN_VALUE,
                "severity=URGENT");
        assertRejected(
                Codec.decodeIncident(
                        ContractExamples.INCIDENT.replace(
                                "\"breaches\":[]",
                                "\"breaches\":[{\"kind\":\"ARRIVE\",\"at\":1}]")),
                Reasons.UNKNOWN_VALUE,
                "breaches[0].kind=ARRIVE");
    }

    @Test
    void rejectsAnIncidentWhoseEvidenceIsMalformed() {
        assertRejected(
                Codec.decodeIncident(
                        ContractExamples.INCIDENT.replace(
                                "\"evidence\":[{", "\"evidence\":[\"sensors\",{")),
                Reasons.WRONG_TYPE,
                "evidence[0]: expected object, got string");
        assertRejected(
                Codec.decodeIncident(
                        ContractExamples.INCIDENT.replace("\"ts\":1784592060000", "\"ts\":1.5")),
                Reasons.WRONG_TYPE,
                "evidence[0].ts: expected integer, got 1.5");
        assertRejected(
                Codec.decodeIncident(
                        ContractExamples.INCIDENT.replace("\"ref\":\"WL-310101-0007\",", "")),
                Reasons.MISSING_FIELD,
                "evidence[0].ref");
    }

    @Test
    void rejectsAnIncidentUpdatedBeforeItOpened() {
        assertRejected(
                Codec.decodeIncident(
                        ContractExamples.INCIDENT.replace(
                                "\"updatedAt\":1784592060000", "\"updatedAt\":1")),
                Reasons.OUT_OF_RANGE,
                "updatedAt=1 < openedAt=1784592000000");
    }

    @Test
    void rejectsADeadLetterFromAnUnknownStream() {
        assertRejected(
                Codec.decodeDeadLetter(
                        ContractExamples.DEAD_LETTER.replace("\"sensors\"", "\"radar\"")),
                Reasons.UNKNOWN_VALUE,
                "stream=radar");
    }

    @Test
    void acceptsADeadLetterOfAnEmptyMessageWithoutTime() {
        DeadLetter d =
                Codec.decodeDeadLetter(
                                "{\"stream\":\"weather\",\"reason\":\"invalid-json\",\"detail\":\"empty"
                                        + " message\",\"raw\":\"\",\"ts\":null}")
                        .value();

        assertThat(d)
                .isEqualTo(new DeadLetter("weather", "invalid-json", "empty message", "", null));
    }
}
