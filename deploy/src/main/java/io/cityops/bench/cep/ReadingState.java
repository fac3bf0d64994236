package io.cityops.bench.cep;

import io.cityops.events.FacilityType;
import io.cityops.events.Metric;
import io.cityops.job.CityEvent;
import io.cityops.job.rules.FacilityState;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.List;

/**
 * Keyed by facility: keeps each water-level sensor's and manhole's latest metrics (as the monitor's
 * rules operator does) and hands its readings on with that state. A state is only right in event
 * time order, and enrichment does not keep it (readings that waited for the registry come after
 * later ones), so readings wait here until the watermark passes them, as the monitor's rules
 * operator makes them wait. Other facilities have no rule in the CEP peer and stop here.
 */
public class ReadingState extends KeyedProcessFunction<String, CityEvent, CepReading> {
    private static final long serialVersionUID = 1L;
    private transient ValueState<double[]> state;
    private transient MapState<Long, List<CityEvent>> waiting;

    @Override
    public void open(OpenContext ctx) {
        state =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "facility-state",
                                        PrimitiveArrayTypeInfo.DOUBLE_PRIMITIVE_ARRAY_TYPE_INFO));
        waiting =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "waiting",
                                        Types.LONG,
                                        Types.LIST(TypeInformation.of(CityEvent.class))));
    }

    @Override
    public void processElement(CityEvent e, Context ctx, Collector<CepReading> out)
            throws Exception {
        if (e.kind != CityEvent.READING) {
            return;
        }
        FacilityType type = e.facility.type();
        if (type != FacilityType.WATER_LEVEL && type != FacilityType.MANHOLE) {
            return;
        }
        List<CityEvent> at = waiting.get(e.ts);
        if (at == null) {
            at = new ArrayList<>(1);
        }
        at.add(e);
        waiting.put(e.ts, at);
        ctx.timerService().registerEventTimeTimer(e.ts);
    }

    @Override
    public void onTimer(long ts, OnTimerContext ctx, Collector<CepReading> out) throws Exception {
        List<CityEvent> due = waiting.get(ts);
        if (due == null) {
            return;
        }
        waiting.remove(ts);
        due.sort(CityEvent.SAME_INSTANT_ORDER);
        for (CityEvent e : due) {
            double[] next =
                    FacilityState.apply(state.value(), e.reading.metric(), e.reading.value());
            state.update(next);
            out.collect(reading(e, next));
        }
    }

    private static CepReading reading(CityEvent e, double[] next) {
        CepReading r = new CepReading();
        r.sensor = e.key;
        r.manhole = e.facility.type() == FacilityType.MANHOLE;
        r.ts = e.ts;
        r.district = e.facility.district();
        r.street = e.facility.street();
        r.cell = e.cell;
        r.lat = e.facility.lat();
        r.lon = e.facility.lon();
        r.name = e.facility.name();
        r.depth = next[Metric.DEPTH_CM.ordinal()];
        r.tilt = next[Metric.TILT_DEG.ordinal()];
        r.open = next[Metric.OPEN.ordinal()];
        return r;
    }
}
