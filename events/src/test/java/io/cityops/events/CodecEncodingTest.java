package io.cityops.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Encoding: contract order, one byte sequence per record, text intact, outputs of fixed shape. */
class CodecEncodingTest {

    private static StreetOrder order(String address, String text) {
        return new StreetOrder(
                "SO-1",
                1784592000000L,
                OrderSource.APP,
                OrderCategory.NOISE,
                31.2304,
                121.4737,
                "310101",
                null,
                address,
                text);
    }

    private static Incident incident(String street, Long ackBy, String parent) {
        return new Incident(
                "INC-1",
                "WATERLOGGING",
                "WATERLOGGING",
                "WL-310101-0007",
                Severity.MEDIUM,
                IncidentStatus.SUPPRESSED,
                "310101",
                street,
                null,
                31.2304,
                121.4737,
                List.of("DRAINAGE", "TRAFFIC"),
                1784592000000L,
                1784592000000L,
                ackBy,
                null,
                1,
                "积水",
                List.of(),
                List.of(new Breach("ACK", 1784592900000L)),
                parent,
                1);
    }

    @Test
    void encodesTheSameRecordToTheSameBytes() {
        StreetOrder o = order("南京东路 100 号", "text");

        assertThat(Codec.encode(o)).isEqualTo(Codec.encode(order("南京东路 100 号", "text")));
    }

    @Test
    void keepsChineseTextAndMarkupAsTheyAre() {
        String encoded = Codec.encode(order("南京东路 <b>100</b> 号 & 'x'", "好"));

        assertThat(encoded).contains("\"address\":\"南京东路 <b>100</b> 号 & 'x'\"");
        assertThat(encoded).doesNotContain("\\u");
    }

    @Test
    void roundTripsTextThatNeedsJsonEscaping() {
        String hostile =
                "quote \" backslash \\ newline \n tab \t nul \u0000 emoji 😀 line-sep \u2028";
        StreetOrder o = order("地址", hostile);

        Decoded<StreetOrder> back = Codec.decodeStreetOrder(Codec.encode(o));

        assertThat(back.rejection()).isNull();
        assertThat(back.value()).isEqualTo(o);
    }

    @Test
    void leavesOutAbsentOptionalInputFields() {
        String encoded =
                Codec.encode(
                        new Facility(
                                "F-1",
                                FacilityType.GAS,
                                31.2,
                                121.47,
                                "310101",
                                null,
                                null,
                                30,
                                null));

        assertThat(encoded)
                .isEqualTo(
                        "{\"id\":\"F-1\",\"type\":\"GAS\",\"lat\":31.2,\"lon\":121.47,"
                                + "\"district\":\"310101\",\"intervalSec\":30}");
        assertThat(Codec.encode(order(null, null))).doesNotContain("address", "text", "street");
    }

    @Test
    void leavesOutUnreportedWeatherMeasurements() {
        String encoded =
                Codec.encode(
                        new WeatherObservation("58367", 1784592000000L, null, 3.5, null, null));

        assertThat(encoded)
                .isEqualTo(
                        "{\"kind\":\"OBSERVATION\",\"station\":\"58367\",\"ts\":1784592000000,\"wind_ms\":3.5}");
    }

    @Test
    void writesACityWideWarningWithEmptyDistrictsAndNoEnd() {
        String encoded =
                Codec.encode(new WeatherWarning(1L, Hazard.HEAT, WarningLevel.RED, null, null));

        assertThat(encoded)
                .isEqualTo(
                        "{\"kind\":\"WARNING\",\"ts\":1,\"hazard\":\"HEAT\",\"level\":\"RED\",\"districts\":[]}");
    }

    @Test
    void writesNullForAbsentIncidentFieldsSoItsShapeNeverVaries() {
        String encoded = Codec.encode(incident(null, null, null));

        assertThat(encoded)
                .contains(
                        "\"street\":null,\"cell\":null,",
                        "\"ackBy\":null,\"resolveBy\":null,",
                        "\"breaches\":[{\"kind\":\"ACK\",\"at\":1784592900000}],\"parent\":null,");
        assertThat(Codec.decodeIncident(encoded).value()).isEqualTo(incident(null, null, null));
    }

    @Test
    void roundTripsAnIncidentWithEveryOptionalFieldSet() {
        Incident i = incident("310101002", 1784592900000L, "INC-0");

        assertThat(Codec.decodeIncident(Codec.encode(i)).value()).isEqualTo(i);
    }

    @Test
    void writesNullForADeadLetterWithoutTime() {
        DeadLetter d = new DeadLetter("registry", Reasons.INVALID_JSON, "empty message", "", null);

        assertThat(Codec.encode(d))
                .isEqualTo(
                        "{\"stream\":\"registry\",\"reason\":\"invalid-json\",\"detail\":\"empty"
                                + " message\",\"raw\":\"\",\"ts\":null}");
    }

    @Test
    void writesEveryMetricByItsWireName() {
        for (Metric m : Metric.values()) {
            SensorReading r = new SensorReading("S-1", 5, m, 0);

            assertThat(Codec.encode(r)).contains("\"metric\":\"" + m.wire() + "\"");
            assertThat(Codec.decodeSensorReading(Codec.encode(r)).value()).isEqualTo(r);
        }
    }

    @Test
    void refusesToEncodeANumberJsonCannotCarry() {
        assertThatThrownBy(
                        () ->
                                Codec.encode(
                                        new SensorReading("S-1", 5, Metric.HEARTBEAT, Double.NaN)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SensorReading.value is NaN");
    }

    @Test
    void refusesToEncodeARecordWithoutARequiredField() {
        assertThatThrownBy(() -> Codec.encode(new SensorReading(null, 5, Metric.HEARTBEAT, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SensorReading.sensor is null");
        assertThatThrownBy(
                        () ->
                                Codec.encode(
                                        new DispatchAction(
                                                "INC-1", 5, null, "dispatcher", null, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DispatchAction.action is null");
    }

    // ---- peekTs and dead letters ----

    @Test
    void peeksTheTopLevelTimeOfAnyMessage() {
        assertThat(Codec.peekTs(ContractExamples.READING)).isEqualTo(1784592000000L);
        assertThat(Codec.peekTs("{\"x\":{\"ts\":5},\"ts\":7}")).isEqualTo(7L);
    }

    @Test
    void peeksTheTimeOfAMessageBrokenAfterIt() {
        assertThat(Codec.peekTs("{\"sensor\":\"x\",\"ts\":1784592000000,\"metric\":"))
                .isEqualTo(1784592000000L);
    }

    @Test
    void peeksNothingWhenThereIsNoValidTime() {
        assertThat(Codec.peekTs(null)).isNull();
        assertThat(Codec.peekTs("not json")).isNull();
        assertThat(Codec.peekTs("[{\"ts\":5}]")).isNull();
        assertThat(Codec.peekTs("{\"x\":{\"ts\":5}}")).isNull();
        assertThat(Codec.peekTs("{\"ts\":\"5\"}")).isNull();
        assertThat(Codec.peekTs("{\"ts\":1.5}")).isNull();
        assertThat(Codec.peekTs("{\"ts\":-1}")).isNull();
        assertThat(Codec.peekTs("{\"ts\":99999999999999999999}")).isNull();
    }

    @Test
    void buildsADeadLetterThatRoundTrips() {
        String raw =
                "{\"sensor\":\"WL-999\",\"ts\":1784592000000,\"metric\":\"depth_cm\",\"value\":3}";
        Rejection r = new Rejection(Reasons.UNKNOWN_SENSOR, "WL-999");

        DeadLetter d = Codec.deadLetter(Stream.SENSORS, raw, r);

        assertThat(d)
                .isEqualTo(
                        new DeadLetter("sensors", "unknown-sensor", "WL-999", raw, 1784592000000L));
        assertThat(Codec.decodeDeadLetter(Codec.encode(d)).value()).isEqualTo(d);
    }

    @Test
    void cutsAnOversizedInputInItsDeadLetterSoTheLetterStaysReadable() {
        String raw = "{\"ts\":5,\"text\":\"" + "\u0001".repeat(200_000) + "\"}";
        Decoded<StreetOrder> rejected = Codec.decodeStreetOrder(raw);

        DeadLetter d = Codec.deadLetter(Stream.STREET_ORDERS, raw, rejected.rejection());
        String encoded = Codec.encode(d);

        assertThat(d.reason()).isEqualTo(Reasons.OVERSIZED);
        assertThat(d.raw()).hasSize(Codec.MAX_MESSAGE_BYTES);
        assertThat(d.ts()).isEqualTo(5L);
        assertThat(Codec.decodeDeadLetter(encoded).value()).isEqualTo(d);
    }

    @Test
    void decodesSafelyFromManyThreadsAtOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(
                        pool.submit(
                                () -> {
                                    for (int i = 0; i < 2_000; i++) {
                                        String raw =
                                                ContractExamples.READING.replace(
                                                        "17.5", Integer.toString(i % 1000));
                                        SensorReading r = Codec.decodeSensorReading(raw).value();
                                        if (r == null || r.value() != i % 1000) {
                                            return false;
                                        }
                                        if (!Codec.encode(r).equals(Codec.encode(r))) {
                                            return false;
                                        }
                                    }
                                    return true;
                                }));
            }
            for (Future<Boolean> f : results) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void carriesTheRuleSetVersionOnlyWhenKnown() {
        Incident plain = incident("310101002", null, null);
        Incident versioned =
                new Incident(
                        plain.id(),
                        plain.rule(),
                        plain.category(),
                        plain.subject(),
                        plain.severity(),
                        plain.status(),
                        plain.district(),
                        plain.street(),
                        plain.cell(),
                        plain.lat(),
                        plain.lon(),
                        plain.departments(),
                        plain.openedAt(),
                        plain.updatedAt(),
                        plain.ackBy(),
                        plain.resolveBy(),
                        plain.occurrences(),
                        plain.title(),
                        plain.evidence(),
                        plain.breaches(),
                        plain.parent(),
                        plain.version(),
                        plain.assignee(),
                        plain.timeline(),
                        "2026-07-28.1");

        assertThat(Codec.encode(plain)).doesNotContain("rulesVersion");
        assertThat(Codec.encode(versioned)).endsWith(",\"rulesVersion\":\"2026-07-28.1\"}");
        assertThat(Codec.decodeIncident(Codec.encode(versioned)).value()).isEqualTo(versioned);
        assertThat(Codec.decodeIncident(Codec.encode(plain)).value().rulesVersion()).isNull();
    }
}
