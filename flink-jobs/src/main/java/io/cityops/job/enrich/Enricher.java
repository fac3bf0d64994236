package io.cityops.job.enrich;

import io.cityops.events.DeadLetter;
import io.cityops.events.Facility;
import io.cityops.events.FacilityType;
import io.cityops.events.Grid;
import io.cityops.events.Reasons;
import io.cityops.job.CityEvent;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Joins readings and observations with the facility registry, keyed by facility id, so that each
 * facility's entry lives on one subtask only (the registry scales with the city, not with the
 * parallelism). Input 1 is the registry, input 2 the events.
 *
 * <p>Until the registry has been loaded (its watermark says so, see {@link EnricherOperator})
 * events wait in state, then leave as time passes them; after that they are joined at once. An
 * event whose facility is unknown is rejected with {@code unknown-sensor}.
 */
public class Enricher extends KeyedCoProcessFunction<String, CityEvent, CityEvent, CityEvent> {
    public static final OutputTag<DeadLetter> REJECTED =
            new OutputTag<>("enrich-rejected", TypeInformation.of(DeadLetter.class)) {};

    /**
     * With metrics on: the first reading of each facility in each ten minutes, so that counting
     * them counts the facilities heard from ({@code sensors_online}).
     */
    public static final OutputTag<CityEvent> HEARD =
            new OutputTag<>("enrich-heard", TypeInformation.of(CityEvent.class)) {};

    private static final long HEARD_BUCKET_MS = 600_000;

    /** Set by {@link EnricherOperator} when the registry's watermark says it has been read. */
    transient boolean registryLoaded;

    private final boolean trackHeard;

    /**
     * {latest bucket heard, a bit for each of the 64 buckets before it}; see {@link #firstHeard}.
     */
    private transient ValueState<long[]> heard;

    public Enricher() {
        this(false);
    }

    public Enricher(boolean trackHeard) {
        this.trackHeard = trackHeard;
    }

    /** The registry entry as it came (kind FACILITY), with its grid cell: one state, one key. */
    private transient ValueState<CityEvent> entry;

    private transient ListState<CityEvent> waiting;

    @Override
    public void open(OpenContext ctx) {
        entry =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("registry-entry", CityEvent.class));
        heard =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "heard",
                                        org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo
                                                .LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        waiting =
                getRuntimeContext()
                        .getListState(new ListStateDescriptor<>("waiting", CityEvent.class));
    }

    @Override
    public void processElement1(CityEvent registered, Context ctx, Collector<CityEvent> out)
            throws Exception {
        Facility f = registered.facility;
        registered.cell = Grid.cell(f.lat(), f.lon());
        entry.update(registered);
    }

    @Override
    public void processElement2(CityEvent e, Context ctx, Collector<CityEvent> out)
            throws Exception {
        if (registryLoaded) {
            join(e, ctx, out);
        } else {
            waiting.add(e);
            ctx.timerService().registerEventTimeTimer(e.ts);
        }
    }

    @Override
    public void onTimer(long ts, OnTimerContext ctx, Collector<CityEvent> out) throws Exception {
        Iterable<CityEvent> due = waiting.get();
        if (due == null) {
            return;
        }
        java.util.List<CityEvent> later = new java.util.ArrayList<>();
        for (CityEvent e : due) {
            if (e.ts <= ts) {
                join(e, ctx, out);
            } else {
                later.add(e);
            }
        }
        waiting.update(later);
    }

    private void join(CityEvent e, Context ctx, Collector<CityEvent> out) throws Exception {
        CityEvent registered = entry.value();
        if (registered == null) {
            ctx.output(REJECTED, reject(e, Reasons.UNKNOWN_SENSOR, e.key));
            return;
        }
        Facility f = registered.facility;
        if (e.kind == CityEvent.READING && !e.reading.metric().appliesTo(f.type())) {
            ctx.output(
                    REJECTED,
                    reject(
                            e,
                            Reasons.METRIC_NOT_FOR_TYPE,
                            e.reading.metric().wire() + " from a " + f.type()));
            return;
        }
        if (e.kind == CityEvent.OBSERVATION && f.type() != FacilityType.WEATHER_STATION) {
            ctx.output(
                    REJECTED,
                    reject(
                            e,
                            Reasons.UNKNOWN_SENSOR,
                            e.key + " is a " + f.type() + ", not a weather station"));
            return;
        }
        e.facility = f;
        e.district = f.district();
        e.cell = registered.cell;
        out.collect(e);
        if (trackHeard && e.kind == CityEvent.READING) {
            long[] h = heard.value();
            long[] next = firstHeard(h, Math.floorDiv(e.ts, HEARD_BUCKET_MS));
            if (next != h) {
                heard.update(next);
                ctx.output(HEARD, e);
            }
        }
    }

    /**
     * Whether a reading in {@code bucket} is its facility's first there: the new state if so, else
     * {@code h} itself. Order-independent within 64 buckets (ten hours), so the count does not
     * depend on how readings interleave on the way; a reading further behind is not counted.
     */
    static long[] firstHeard(long[] h, long bucket) {
        if (h == null) {
            return new long[] {bucket, 0};
        }
        long latest = h[0];
        long mask = h[1];
        if (bucket > latest) {
            long shift = bucket - latest;
            long moved = shift < 64 ? mask << shift : 0;
            long previous = shift <= 64 ? 1L << (shift - 1) : 0;
            return new long[] {bucket, moved | previous};
        }
        long behind = latest - bucket;
        if (behind == 0 || behind > 64 || (mask & (1L << (behind - 1))) != 0) {
            return h;
        }
        return new long[] {latest, mask | (1L << (behind - 1))};
    }

    private static DeadLetter reject(CityEvent e, String reason, String detail) {
        return new DeadLetter(e.streamLabel(), reason, detail, e.raw(), e.ts);
    }
}
