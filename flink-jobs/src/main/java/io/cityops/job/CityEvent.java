package io.cityops.job;

import io.cityops.events.Codec;
import io.cityops.events.DeadLetter;
import io.cityops.events.DispatchAction;
import io.cityops.events.Facility;
import io.cityops.events.SensorReading;
import io.cityops.events.Stream;
import io.cityops.events.StreetOrder;
import io.cityops.events.WeatherObservation;
import io.cityops.events.WeatherWarning;

import org.apache.flink.api.common.typeinfo.TypeInfo;

import java.util.Comparator;
import java.util.Objects;

/**
 * One input as it travels from a source to the rules: exactly one of the payload fields is set,
 * named by {@link #kind}. Flink serializes it with {@link CityEventSerializer}, which writes only
 * the kind's fields.
 *
 * <p>{@code key} routes the event: the facility id for registry entries, readings and observations;
 * the district for orders and warnings. {@code district} and {@code cell} are set by enrichment.
 */
@TypeInfo(CityEventTypeInfo.Factory.class)
public class CityEvent {
    public static final byte FACILITY = 0;
    public static final byte WARNING = 1;
    public static final byte OBSERVATION = 2;
    public static final byte READING = 3;
    public static final byte ORDER = 4;
    public static final byte ACTION = 5;
    public static final byte REJECTED = 6;

    public byte kind;
    public long ts;
    public String key;
    public String district;
    public String cell;
    public Facility facility;
    public SensorReading reading;
    public WeatherObservation observation;
    public WeatherWarning warning;
    public StreetOrder order;
    public DispatchAction action;
    public DeadLetter rejected;

    /**
     * Wall-clock ms at which the event reached the job's input: its Kafka record's timestamp (the
     * broker's append time on the contract's input topics), or when a file source read its line; 0
     * when unknown. Only for the end-to-end latency metric: no rule and no ordering looks at it.
     */
    public long arrivedAt;

    public CityEvent() {}

    public static CityEvent facility(Facility f) {
        CityEvent e = new CityEvent();
        e.kind = FACILITY;
        e.ts = Long.MIN_VALUE;
        e.key = f.id();
        e.district = f.district();
        e.facility = f;
        return e;
    }

    public static CityEvent reading(SensorReading r) {
        CityEvent e = new CityEvent();
        e.kind = READING;
        e.ts = r.ts();
        e.key = r.sensor();
        e.reading = r;
        return e;
    }

    public static CityEvent observation(WeatherObservation o) {
        CityEvent e = new CityEvent();
        e.kind = OBSERVATION;
        e.ts = o.ts();
        e.key = o.station();
        e.observation = o;
        return e;
    }

    /** A warning for one district (the job fans a city-wide warning out to every district). */
    public static CityEvent warning(WeatherWarning w, String district) {
        CityEvent e = new CityEvent();
        e.kind = WARNING;
        e.ts = w.ts();
        e.key = district;
        e.district = district;
        e.warning = w;
        return e;
    }

    public static CityEvent order(StreetOrder o) {
        CityEvent e = new CityEvent();
        e.kind = ORDER;
        e.ts = o.ts();
        e.key = o.district();
        e.district = o.district();
        e.order = o;
        return e;
    }

    public static CityEvent action(DispatchAction a) {
        CityEvent e = new CityEvent();
        e.kind = ACTION;
        e.ts = a.ts();
        e.key = a.incident();
        e.action = a;
        return e;
    }

    public static CityEvent rejected(DeadLetter d) {
        CityEvent e = new CityEvent();
        e.kind = REJECTED;
        e.ts = d.ts() == null ? Long.MIN_VALUE : d.ts();
        e.key = d.stream();
        e.rejected = d;
        return e;
    }

    /**
     * A total order on events of one instant that does not depend on arrival order, so that the
     * rules see the same sequence at every parallelism: kind (warnings and weather first, so that a
     * reading sees the weather of its own instant), then the ids and values.
     */
    public static final Comparator<CityEvent> SAME_INSTANT_ORDER =
            Comparator.<CityEvent>comparingLong(e -> e.ts)
                    .thenComparingInt(e -> e.kind)
                    .thenComparing(e -> e.key, Comparator.nullsFirst(Comparator.naturalOrder()))
                    .thenComparing(CityEvent::detail);

    /** The payload's own identity and values, for ties of kind and key. */
    private String detail() {
        return switch (kind) {
            case READING -> reading.metric().wire() + '=' + reading.value();
            case ORDER ->
                    order.id()
                            + '|'
                            + order.category()
                            + '|'
                            + order.source()
                            + '|'
                            + order.lat()
                            + '|'
                            + order.lon();
            case WARNING -> warning.hazard() + "|" + warning.level() + "|" + warning.until();
            case OBSERVATION -> Objects.toString(observation);
            case ACTION ->
                    action.action()
                            + "|"
                            + action.by()
                            + "|"
                            + action.assignee()
                            + "|"
                            + action.note();
            default -> "";
        };
    }

    /** The contract's name of the stream this event came from ("sensors"). */
    public String streamLabel() {
        return switch (kind) {
            case FACILITY -> Stream.REGISTRY.label();
            case READING -> Stream.SENSORS.label();
            case ORDER -> Stream.STREET_ORDERS.label();
            case ACTION -> Stream.DISPATCH_ACTIONS.label();
            case REJECTED -> rejected.stream();
            default -> Stream.WEATHER.label();
        };
    }

    /** The event as contract JSON, for a dead letter about it. */
    public String raw() {
        return switch (kind) {
            case FACILITY -> Codec.encode(facility);
            case READING -> Codec.encode(reading);
            case ORDER -> Codec.encode(order);
            case OBSERVATION -> Codec.encode(observation);
            case WARNING -> Codec.encode(warning);
            case ACTION -> Codec.encode(action);
            default -> rejected.raw();
        };
    }

    @Override
    public String toString() {
        return "CityEvent{kind=" + kind + ", ts=" + ts + ", key=" + key + '}';
    }
}
