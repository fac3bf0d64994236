package io.cityops.job;

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

import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a {@link CityEvent} field by field for its kind, where Flink's POJO serializer wrote every
 * payload field with its null marks and each nested record by reflection. A reading is its kind,
 * time, key, place, metric and value, its sensor id not repeated when it is the key. Every event
 * between the job's operators and every event kept in the rules' state goes through here.
 *
 * <p>A copy is shallow: the payloads are immutable records, so chained operators share them.
 */
public final class CityEventSerializer extends TypeSerializerSingleton<CityEvent> {
    private static final long serialVersionUID = 1L;

    public static final CityEventSerializer INSTANCE = new CityEventSerializer();

    private static final int ARRIVED = 0x40;

    private static final Metric[] METRICS = Metric.values();
    private static final FacilityType[] TYPES = FacilityType.values();
    private static final Hazard[] HAZARDS = Hazard.values();
    private static final WarningLevel[] LEVELS = WarningLevel.values();
    private static final OrderSource[] SOURCES = OrderSource.values();
    private static final OrderCategory[] CATEGORIES = OrderCategory.values();
    private static final ActionType[] ACTIONS = ActionType.values();

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public CityEvent createInstance() {
        return new CityEvent();
    }

    @Override
    public CityEvent copy(CityEvent from) {
        CityEvent e = new CityEvent();
        e.kind = from.kind;
        e.ts = from.ts;
        e.key = from.key;
        e.district = from.district;
        e.cell = from.cell;
        e.facility = from.facility;
        e.reading = from.reading;
        e.observation = from.observation;
        e.warning = from.warning;
        e.order = from.order;
        e.action = from.action;
        e.rejected = from.rejected;
        e.arrivedAt = from.arrivedAt;
        return e;
    }

    @Override
    public CityEvent copy(CityEvent from, CityEvent reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(CityEvent e, DataOutputView out) throws IOException {
        // The kind's high bit says an arrival time follows (none in the rules' rebuild log).
        out.writeByte(e.arrivedAt != 0 ? e.kind | ARRIVED : e.kind);
        out.writeLong(e.ts);
        if (e.arrivedAt != 0) {
            out.writeLong(e.arrivedAt);
        }
        StringValue.writeString(e.key, out);
        StringValue.writeString(e.district, out);
        StringValue.writeString(e.cell, out);
        writeFacility(e.facility, e, out);
        switch (e.kind) {
            case CityEvent.FACILITY -> {}
            case CityEvent.READING -> {
                SensorReading r = e.reading;
                boolean sensorIsKey = r.sensor().equals(e.key);
                boolean tsIsEvent = r.ts() == e.ts;
                out.writeByte(
                        r.metric().ordinal() | (sensorIsKey ? 0x40 : 0) | (tsIsEvent ? 0x20 : 0));
                if (!sensorIsKey) {
                    StringValue.writeString(r.sensor(), out);
                }
                if (!tsIsEvent) {
                    out.writeLong(r.ts());
                }
                out.writeDouble(r.value());
            }
            case CityEvent.OBSERVATION -> {
                WeatherObservation o = e.observation;
                StringValue.writeString(o.station(), out);
                out.writeLong(o.ts());
                writeDouble(o.rainMm1h(), out);
                writeDouble(o.windMs(), out);
                writeDouble(o.gustMs(), out);
                writeDouble(o.tempC(), out);
            }
            case CityEvent.WARNING -> {
                WeatherWarning w = e.warning;
                out.writeLong(w.ts());
                out.writeByte(w.hazard().ordinal());
                out.writeByte(w.level().ordinal());
                if (w.districts() == null) {
                    out.writeInt(-1);
                } else {
                    out.writeInt(w.districts().size());
                    for (String d : w.districts()) {
                        StringValue.writeString(d, out);
                    }
                }
                writeLong(w.until(), out);
            }
            case CityEvent.ORDER -> {
                StreetOrder o = e.order;
                StringValue.writeString(o.id(), out);
                out.writeLong(o.ts());
                out.writeByte(o.source().ordinal());
                out.writeByte(o.category().ordinal());
                out.writeDouble(o.lat());
                out.writeDouble(o.lon());
                StringValue.writeString(o.district(), out);
                StringValue.writeString(o.street(), out);
                StringValue.writeString(o.address(), out);
                StringValue.writeString(o.text(), out);
            }
            case CityEvent.ACTION -> {
                DispatchAction a = e.action;
                StringValue.writeString(a.incident(), out);
                out.writeLong(a.ts());
                out.writeByte(a.action().ordinal());
                StringValue.writeString(a.by(), out);
                StringValue.writeString(a.assignee(), out);
                StringValue.writeString(a.note(), out);
            }
            case CityEvent.REJECTED -> {
                DeadLetter d = e.rejected;
                StringValue.writeString(d.stream(), out);
                StringValue.writeString(d.reason(), out);
                StringValue.writeString(d.detail(), out);
                StringValue.writeString(d.raw(), out);
                writeLong(d.ts(), out);
            }
            default -> throw new IOException("cannot serialize a CityEvent of kind " + e.kind);
        }
    }

    @Override
    public CityEvent deserialize(DataInputView in) throws IOException {
        CityEvent e = new CityEvent();
        int kind = in.readByte();
        e.kind = (byte) (kind & ~ARRIVED);
        e.ts = in.readLong();
        if ((kind & ARRIVED) != 0) {
            e.arrivedAt = in.readLong();
        }
        e.key = StringValue.readString(in);
        e.district = StringValue.readString(in);
        e.cell = StringValue.readString(in);
        e.facility = readFacility(e, in);
        switch (e.kind) {
            case CityEvent.FACILITY -> {}
            case CityEvent.READING -> {
                int b = in.readByte();
                String sensor = (b & 0x40) != 0 ? e.key : StringValue.readString(in);
                long ts = (b & 0x20) != 0 ? e.ts : in.readLong();
                e.reading = new SensorReading(sensor, ts, METRICS[b & 0x1f], in.readDouble());
            }
            case CityEvent.OBSERVATION ->
                    e.observation =
                            new WeatherObservation(
                                    StringValue.readString(in),
                                    in.readLong(),
                                    readDouble(in),
                                    readDouble(in),
                                    readDouble(in),
                                    readDouble(in));
            case CityEvent.WARNING -> {
                long ts = in.readLong();
                Hazard hazard = HAZARDS[in.readByte()];
                WarningLevel level = LEVELS[in.readByte()];
                int n = in.readInt();
                List<String> districts = null;
                if (n >= 0) {
                    districts = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        districts.add(StringValue.readString(in));
                    }
                }
                e.warning = new WeatherWarning(ts, hazard, level, districts, readLong(in));
            }
            case CityEvent.ORDER ->
                    e.order =
                            new StreetOrder(
                                    StringValue.readString(in),
                                    in.readLong(),
                                    SOURCES[in.readByte()],
                                    CATEGORIES[in.readByte()],
                                    in.readDouble(),
                                    in.readDouble(),
                                    StringValue.readString(in),
                                    StringValue.readString(in),
                                    StringValue.readString(in),
                                    StringValue.readString(in));
            case CityEvent.ACTION ->
                    e.action =
                            new DispatchAction(
                                    StringValue.readString(in),
                                    in.readLong(),
                                    ACTIONS[in.readByte()],
                                    StringValue.readString(in),
                                    StringValue.readString(in),
                                    StringValue.readString(in));
            case CityEvent.REJECTED ->
                    e.rejected =
                            new DeadLetter(
                                    StringValue.readString(in),
                                    StringValue.readString(in),
                                    StringValue.readString(in),
                                    StringValue.readString(in),
                                    readLong(in));
            default -> throw new IOException("cannot deserialize a CityEvent of kind " + e.kind);
        }
        return e;
    }

    @Override
    public CityEvent deserialize(CityEvent reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    /**
     * A facility; its id and district are not repeated when they are the event's key and district.
     */
    private static void writeFacility(Facility f, CityEvent e, DataOutputView out)
            throws IOException {
        if (f == null) {
            out.writeByte(-1);
            return;
        }
        boolean idIsKey = f.id().equals(e.key);
        boolean sameDistrict = f.district() != null && f.district().equals(e.district);
        out.writeByte(f.type().ordinal() | (idIsKey ? 0x20 : 0) | (sameDistrict ? 0x40 : 0));
        if (!idIsKey) {
            StringValue.writeString(f.id(), out);
        }
        out.writeDouble(f.lat());
        out.writeDouble(f.lon());
        if (!sameDistrict) {
            StringValue.writeString(f.district(), out);
        }
        StringValue.writeString(f.street(), out);
        StringValue.writeString(f.building(), out);
        out.writeInt(f.intervalSec());
        StringValue.writeString(f.name(), out);
    }

    private static Facility readFacility(CityEvent e, DataInputView in) throws IOException {
        int b = in.readByte();
        if (b < 0) {
            return null;
        }
        return new Facility(
                (b & 0x20) != 0 ? e.key : StringValue.readString(in),
                TYPES[b & 0x1f],
                in.readDouble(),
                in.readDouble(),
                (b & 0x40) != 0 ? e.district : StringValue.readString(in),
                StringValue.readString(in),
                StringValue.readString(in),
                in.readInt(),
                StringValue.readString(in));
    }

    private static void writeDouble(Double d, DataOutputView out) throws IOException {
        out.writeBoolean(d != null);
        if (d != null) {
            out.writeDouble(d);
        }
    }

    private static Double readDouble(DataInputView in) throws IOException {
        return in.readBoolean() ? in.readDouble() : null;
    }

    private static void writeLong(Long l, DataOutputView out) throws IOException {
        out.writeBoolean(l != null);
        if (l != null) {
            out.writeLong(l);
        }
    }

    private static Long readLong(DataInputView in) throws IOException {
        return in.readBoolean() ? in.readLong() : null;
    }

    @Override
    public TypeSerializerSnapshot<CityEvent> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Format 1; a change of format is a new serializer version. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<CityEvent> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
