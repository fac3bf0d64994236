package io.cityops.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityops.events.ActionType;
import io.cityops.events.DeadLetter;
import io.cityops.events.DispatchAction;
import io.cityops.events.Facility;
import io.cityops.events.FacilityType;
import io.cityops.events.Hazard;
import io.cityops.events.Metric;
import io.cityops.events.OrderCategory;
import io.cityops.events.OrderSource;
import io.cityops.events.SensorReading;
import io.cityops.events.StreetOrder;
import io.cityops.events.WarningLevel;
import io.cityops.events.WeatherObservation;
import io.cityops.events.WeatherWarning;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

import java.util.List;

class CityEventSerializerTest {
    private static final long T0 = 1_784_592_000_000L;
    private static final Facility LEVEL =
            new Facility(
                    "WL-310101-0007",
                    FacilityType.WATER_LEVEL,
                    31.2,
                    121.4,
                    "310101",
                    "南京东路",
                    null,
                    60,
                    "下立交 7");

    @Test
    void flinkUsesTheCompactSerializerForCityEvents() {
        assertThat(TypeInformation.of(CityEvent.class)).isInstanceOf(CityEventTypeInfo.class);
    }

    @Test
    void everyKindComesBackAsItWent() throws Exception {
        CityEvent enriched =
                CityEvent.reading(new SensorReading(LEVEL.id(), T0, Metric.DEPTH_CM, 31.5));
        enriched.facility = LEVEL;
        enriched.district = LEVEL.district();
        enriched.cell = "8a309a64a4a7fff";
        CityEvent oddReading =
                CityEvent.reading(new SensorReading("X-1", T0 + 1, Metric.HEARTBEAT, 0));
        oddReading.key = "another key";
        oddReading.ts = T0;
        CityEvent order =
                CityEvent.order(
                        new StreetOrder(
                                "SO-1",
                                T0,
                                OrderSource.HOTLINE,
                                OrderCategory.WATERLOGGING_REPORT,
                                31.2,
                                121.4,
                                "310101",
                                null,
                                "某路 1 号",
                                "积水"));
        order.cell = "8a309a64a4a7fff";
        for (CityEvent e :
                List.of(
                        CityEvent.facility(LEVEL),
                        CityEvent.reading(new SensorReading(LEVEL.id(), T0, Metric.OPEN, 1)),
                        enriched,
                        oddReading,
                        CityEvent.observation(
                                new WeatherObservation("WS-1", T0, 31.0, null, 17.5, null)),
                        CityEvent.warning(
                                new WeatherWarning(
                                        T0, Hazard.RAINSTORM, WarningLevel.RED, List.of(), null),
                                "310101"),
                        CityEvent.warning(
                                new WeatherWarning(
                                        T0,
                                        Hazard.GALE,
                                        WarningLevel.BLUE,
                                        List.of("310101", "310104"),
                                        T0 + 3_600_000),
                                "310104"),
                        order,
                        CityEvent.action(
                                new DispatchAction(
                                        "WATERLOGGING:WL-310101-0007:1",
                                        T0,
                                        ActionType.ASSIGN,
                                        "dispatcher",
                                        "crew 3",
                                        null)),
                        CityEvent.rejected(
                                new DeadLetter("sensors", "late", "ts behind", "{}", null)))) {
            CityEvent back = roundTrip(e);
            assertThat(back).usingRecursiveComparison().isEqualTo(e);
            assertThat(CityEventSerializer.INSTANCE.copy(e))
                    .usingRecursiveComparison()
                    .isEqualTo(e);
        }
    }

    @Test
    void anArrivalTimeTravelsWithTheEventAndCostsNothingWithout() throws Exception {
        CityEvent e =
                CityEvent.reading(new SensorReading("WL-310101-0007", T0, Metric.DEPTH_CM, 17.5));
        e.key = "WL-310101-0007";
        e.district = "310101";
        DataOutputSerializer without = new DataOutputSerializer(64);
        CityEventSerializer.INSTANCE.serialize(e, without);
        e.arrivedAt = T0 + 1234;
        DataOutputSerializer with = new DataOutputSerializer(64);
        CityEventSerializer.INSTANCE.serialize(e, with);
        assertThat(with.length() - without.length()).isEqualTo(8);
        CityEvent back = roundTrip(e);
        assertThat(back.arrivedAt).isEqualTo(T0 + 1234);
        assertThat(back.kind).isEqualTo(CityEvent.READING);
        assertThat(back).usingRecursiveComparison().isEqualTo(e);
        assertThat(CityEventSerializer.INSTANCE.copy(e).arrivedAt).isEqualTo(T0 + 1234);
    }

    private static CityEvent roundTrip(CityEvent e) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        CityEventSerializer.INSTANCE.serialize(e, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        CityEvent back = CityEventSerializer.INSTANCE.deserialize(in);
        assertThat(in.available()).isZero();
        return back;
    }
}
