package io.cityops.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/** Every example of CONTRACT.md decodes to what it says and survives a round trip. */
class CodecContractExamplesTest {

    /** An example with its decoder and encoder, so one test covers all of them. */
    record Example<T>(
            String name,
            String json,
            Function<String, Decoded<T>> decode,
            Function<T, String> encode) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> examples() {
        return Stream.of(
                        new Example<>(
                                "facility",
                                ContractExamples.FACILITY,
                                Codec::decodeFacility,
                                (Facility v) -> Codec.encode(v)),
                        new Example<>(
                                "street order",
                                ContractExamples.STREET_ORDER,
                                Codec::decodeStreetOrder,
                                (StreetOrder v) -> Codec.encode(v)),
                        new Example<>(
                                "observation",
                                ContractExamples.OBSERVATION,
                                Codec::decodeWeather,
                                (WeatherMessage v) -> Codec.encode(v)),
                        new Example<>(
                                "warning",
                                ContractExamples.WARNING,
                                Codec::decodeWeather,
                                (WeatherMessage v) -> Codec.encode(v)),
                        new Example<>(
                                "reading",
                                ContractExamples.READING,
                                Codec::decodeSensorReading,
                                (SensorReading v) -> Codec.encode(v)),
                        new Example<>(
                                "dispatch action",
                                ContractExamples.DISPATCH_ACTION,
                                Codec::decodeDispatchAction,
                                (DispatchAction v) -> Codec.encode(v)),
                        new Example<>(
                                "incident",
                                ContractExamples.INCIDENT,
                                Codec::decodeIncident,
                                (Incident v) -> Codec.encode(v)),
                        new Example<>(
                                "dead letter",
                                ContractExamples.DEAD_LETTER,
                                Codec::decodeDeadLetter,
                                (DeadLetter v) -> Codec.encode(v)))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    <T> void decodesEveryContractExampleAndRoundTripsIt(Example<T> example) {
        Decoded<T> first = example.decode().apply(example.json());
        assertThat(first.rejection()).isNull();

        String encoded = example.encode().apply(first.value());
        Decoded<T> second = example.decode().apply(encoded);

        assertThat(second.rejection()).isNull();
        assertThat(second.value()).isEqualTo(first.value());
        assertThat(example.encode().apply(second.value())).isEqualTo(encoded);
    }

    @Test
    void encodesTheIncidentExampleExactlyAsTheContractWritesIt() {
        Incident incident = Codec.decodeIncident(ContractExamples.INCIDENT).value();

        assertThat(Codec.encode(incident)).isEqualTo(ContractExamples.INCIDENT);
    }

    @Test
    void encodesTheDeadLetterExampleExactlyAsTheContractWritesIt() {
        DeadLetter deadLetter = Codec.decodeDeadLetter(ContractExamples.DEAD_LETTER).value();

        assertThat(Codec.encode(deadLetter)).isEqualTo(ContractExamples.DEAD_LETTER);
    }

    @Test
    void encodesInputExamplesInTheContractsOrder() {
        assertThat(Codec.encode(Codec.decodeStreetOrder(ContractExamples.STREET_ORDER).value()))
                .isEqualTo(ContractExamples.STREET_ORDER);
        assertThat(Codec.encode(Codec.decodeWeather(ContractExamples.OBSERVATION).value()))
                .isEqualTo(ContractExamples.OBSERVATION);
        assertThat(Codec.encode(Codec.decodeWeather(ContractExamples.WARNING).value()))
                .isEqualTo(ContractExamples.WARNING);
        assertThat(Codec.encode(Codec.decodeSensorReading(ContractExamples.READING).value()))
                .isEqualTo(ContractExamples.READING);
        assertThat(
                        Codec.encode(
                                Codec.decodeDispatchAction(ContractExamples.DISPATCH_ACTION)
                                        .value()))
                .isEqualTo(ContractExamples.DISPATCH_ACTION);
        // The example's "building":null is an absent optional field, which inputs leave out.
        assertThat(Codec.encode(Codec.decodeFacility(ContractExamples.FACILITY).value()))
                .isEqualTo(ContractExamples.FACILITY.replace("\"building\":null,", ""));
    }

    @Test
    void decodesTheFacilityExampleToItsValues() {
        assertThat(Codec.decodeFacility(ContractExamples.FACILITY).value())
                .isEqualTo(
                        new Facility(
                                "WL-310101-0007",
                                FacilityType.WATER_LEVEL,
                                31.2304,
                                121.4737,
                                "310101",
                                "310101002",
                                null,
                                60,
                                "人民路下立交"));
    }

    @Test
    void decodesTheStreetOrderExampleToItsValues() {
        assertThat(Codec.decodeStreetOrder(ContractExamples.STREET_ORDER).value())
                .isEqualTo(
                        new StreetOrder(
                                "SO-20260721-000123",
                                1784592000000L,
                                OrderSource.HOTLINE,
                                OrderCategory.STREET_VENDOR,
                                31.2304,
                                121.4737,
                                "310101",
                                "310101002",
                                "南京东路 100 号",
                                "free text from a citizen: untrusted"));
    }

    @Test
    void decodesTheWeatherExamplesToTheirKinds() {
        assertThat(Codec.decodeWeather(ContractExamples.OBSERVATION).value())
                .isEqualTo(new WeatherObservation("58367", 1784592000000L, 35.2, 6.0, 12.3, 29.5));
        assertThat(Codec.decodeWeather(ContractExamples.WARNING).value())
                .isEqualTo(
                        new WeatherWarning(
                                1784592000000L,
                                Hazard.RAINSTORM,
                                WarningLevel.ORANGE,
                                List.of("310101"),
                                1784613600000L));
    }

    @Test
    void decodesTheReadingAndActionExamplesToTheirValues() {
        assertThat(Codec.decodeSensorReading(ContractExamples.READING).value())
                .isEqualTo(
                        new SensorReading("WL-310101-0007", 1784592000000L, Metric.DEPTH_CM, 17.5));
        assertThat(Codec.decodeDispatchAction(ContractExamples.DISPATCH_ACTION).value())
                .isEqualTo(
                        new DispatchAction(
                                "<incident id>",
                                1784592300000L,
                                ActionType.ACK,
                                "dispatcher-07",
                                "黄浦排水所",
                                "crew on the way"));
    }

    @Test
    void decodesTheIncidentExampleToItsValues() {
        Incident incident = Codec.decodeIncident(ContractExamples.INCIDENT).value();

        assertThat(incident.severity()).isEqualTo(Severity.HIGH);
        assertThat(incident.status()).isEqualTo(IncidentStatus.OPEN);
        assertThat(incident.departments()).containsExactly("DRAINAGE");
        assertThat(incident.evidence())
                .containsExactly(new Evidence("sensors", "WL-310101-0007", 1784592060000L));
        assertThat(incident.breaches()).isEmpty();
        assertThat(incident.parent()).isNull();
        assertThat(incident.ackBy()).isEqualTo(1784592900000L);
        assertThat(incident.title()).isEqualTo("人民路下立交 积水 32 cm");
        assertThat(incident.version()).isEqualTo(4);
    }
}
