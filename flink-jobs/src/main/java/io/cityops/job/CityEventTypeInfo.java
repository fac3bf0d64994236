package io.cityops.job;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

import java.lang.reflect.Type;
import java.util.Map;

/** Gives {@link CityEvent} its own {@link CityEventSerializer} wherever Flink meets the type. */
public final class CityEventTypeInfo extends TypeInformation<CityEvent> {
    private static final long serialVersionUID = 1L;

    /** Named by {@code @TypeInfo} on {@link CityEvent}. */
    public static final class Factory extends TypeInfoFactory<CityEvent> {
        @Override
        public TypeInformation<CityEvent> createTypeInfo(
                Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new CityEventTypeInfo();
        }
    }

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
    public Class<CityEvent> getTypeClass() {
        return CityEvent.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<CityEvent> createSerializer(SerializerConfig config) {
        return CityEventSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "CityEvent";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CityEventTypeInfo;
    }

    @Override
    public int hashCode() {
        return CityEventTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof CityEventTypeInfo;
    }
}
