package io.cityops.job.rules;

import io.cityops.job.CityEventSerializer;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;

/**
 * Writes a {@link FedEvent} for the rules' state: the event with {@link CityEventSerializer}, and
 * of the facility's metrics only those that are not zero (a facility reports one or two of them),
 * behind a bit mask.
 */
public final class FedEventSerializer extends TypeSerializerSingleton<FedEvent> {
    private static final long serialVersionUID = 1L;

    public static final FedEventSerializer INSTANCE = new FedEventSerializer();

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public FedEvent createInstance() {
        return new FedEvent();
    }

    @Override
    public FedEvent copy(FedEvent from) {
        return new FedEvent(
                CityEventSerializer.INSTANCE.copy(from.event),
                from.state == null ? null : from.state.clone());
    }

    @Override
    public FedEvent copy(FedEvent from, FedEvent reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(FedEvent f, DataOutputView out) throws IOException {
        CityEventSerializer.INSTANCE.serialize(f.event, out);
        double[] s = f.state;
        if (s == null) {
            out.writeByte(-1);
            return;
        }
        out.writeByte(s.length);
        for (int from = 0; from < s.length; from += 8) {
            int mask = 0;
            for (int i = from; i < Math.min(from + 8, s.length); i++) {
                // Raw bits, so that -0.0 comes back as -0.0.
                if (Double.doubleToRawLongBits(s[i]) != 0) {
                    mask |= 1 << (i - from);
                }
            }
            out.writeByte(mask);
            for (int i = from; i < Math.min(from + 8, s.length); i++) {
                if ((mask & (1 << (i - from))) != 0) {
                    out.writeDouble(s[i]);
                }
            }
        }
    }

    @Override
    public FedEvent deserialize(DataInputView in) throws IOException {
        FedEvent f = new FedEvent();
        f.event = CityEventSerializer.INSTANCE.deserialize(in);
        int length = in.readByte();
        if (length >= 0) {
            double[] s = new double[length];
            for (int from = 0; from < length; from += 8) {
                int mask = in.readByte() & 0xff;
                for (int i = from; i < Math.min(from + 8, length); i++) {
                    if ((mask & (1 << (i - from))) != 0) {
                        s[i] = in.readDouble();
                    }
                }
            }
            f.state = s;
        }
        return f;
    }

    @Override
    public FedEvent deserialize(FedEvent reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public TypeSerializerSnapshot<FedEvent> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Format 1. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<FedEvent> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    /** Named by {@code @TypeInfo} on {@link FedEvent}. */
    public static final class Factory extends TypeInfoFactory<FedEvent> {
        @Override
        public TypeInformation<FedEvent> createTypeInfo(
                Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new Info();
        }
    }

    /** The type information that hands Flink this serializer. */
    public static final class Info extends TypeInformation<FedEvent> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean isBasicType() {
            return false;
        }

        @Override
        public boolean isTupleType() {
            return false;
        }

        @Override
        public int getArity() {
            return 1;
        }

        @Override
        public int getTotalFields() {
            return 1;
        }

        @Override
        public Class<FedEvent> getTypeClass() {
            return FedEvent.class;
        }

        @Override
        public boolean isKeyType() {
            return false;
        }

        @Override
        public TypeSerializer<FedEvent> createSerializer(SerializerConfig config) {
            return INSTANCE;
        }

        @Override
        public String toString() {
            return "FedEvent";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Info;
        }

        @Override
        public int hashCode() {
            return Info.class.hashCode();
        }

        @Override
        public boolean canEqual(Object o) {
            return o instanceof Info;
        }
    }
}
