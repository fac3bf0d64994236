package io.cityops.job.rules;

import com.espertech.esper.common.client.configuration.Configuration;
import com.espertech.esper.common.client.util.EventTypeBusModifier;
import com.espertech.esper.common.client.util.NameAccessModifier;

import java.util.List;
import java.util.Map;

/**
 * The event types the rules see and emit: object-array types, declared here once. The field order
 * of each type is the index order of the arrays that {@link RuleEngine} sends and reads, so this
 * class is the single source of truth for both the EPL (property names) and the Java (positions).
 *
 * <p>Names avoid EPL's reserved words, which would need back-quotes in every rule: the street order
 * type is {@code StreetOrder} (not ORDER), a warning's end is {@code validUntil} (not UNTIL).
 */
final class EsperTypes {
    private EsperTypes() {}

    /** A type: property names and their Java classes, in array order. */
    static final class Schema {
        final String name;
        final String[] fields;
        final Object[] types;

        private Schema(String name, Object... pairs) {
            this.name = name;
            this.fields = new String[pairs.length / 2];
            this.types = new Object[pairs.length / 2];
            for (int i = 0; i < pairs.length; i += 2) {
                fields[i / 2] = (String) pairs[i];
                types[i / 2] = pairs[i + 1];
            }
        }

        int index(String field) {
            for (int i = 0; i < fields.length; i++) {
                if (fields[i].equals(field)) {
                    return i;
                }
            }
            throw new IllegalArgumentException(name + " has no field " + field);
        }
    }

    /**
     * A facility's reading, with the facility's registry data and its state after the reading (the
     * last seven fields, from the latest-metric vector of {@link FacilityState}).
     */
    static final Schema READING =
            new Schema(
                    "Reading",
                    "sensor",
                    String.class,
                    "type",
                    String.class,
                    "metric",
                    String.class,
                    "value",
                    double.class,
                    "ts",
                    long.class,
                    "district",
                    String.class,
                    "street",
                    String.class,
                    "cell",
                    String.class,
                    "building",
                    String.class,
                    "name",
                    String.class,
                    "lat",
                    double.class,
                    "lon",
                    double.class,
                    "intervalSec",
                    int.class,
                    "depth",
                    double.class,
                    "tilt",
                    double.class,
                    "open",
                    double.class,
                    "entrapment",
                    double.class,
                    "fault",
                    double.class,
                    "lel",
                    double.class,
                    "smoke",
                    double.class);

    /** A weather station's observation; a measurement the station did not report is null. */
    static final Schema OBSERVATION =
            new Schema(
                    "Observation",
                    "station",
                    String.class,
                    "district",
                    String.class,
                    "ts",
                    long.class,
                    "rain",
                    Double.class,
                    "wind",
                    Double.class,
                    "gust",
                    Double.class,
                    "temp",
                    Double.class);

    /**
     * A warning for one district; {@code validUntil} is the contract's {@code until},
     * Long.MAX_VALUE when no end was announced.
     */
    static final Schema WARNING =
            new Schema(
                    "Warning",
                    "hazard",
                    String.class,
                    "level",
                    String.class,
                    "district",
                    String.class,
                    "ts",
                    long.class,
                    "validUntil",
                    long.class);

    static final Schema STREET_ORDER =
            new Schema(
                    "StreetOrder",
                    "id",
                    String.class,
                    "source",
                    String.class,
                    "category",
                    String.class,
                    "district",
                    String.class,
                    "street",
                    String.class,
                    "cell",
                    String.class,
                    "lat",
                    double.class,
                    "lon",
                    double.class,
                    "ts",
                    long.class,
                    "address",
                    String.class);

    /** Output: a rule's condition holds for a subject (see {@link Signal}). */
    static final Schema MATCH =
            new Schema(
                    "Match",
                    "rule",
                    String.class,
                    "subject",
                    String.class,
                    "category",
                    String.class,
                    "severity",
                    String.class,
                    "ts",
                    long.class,
                    "district",
                    String.class,
                    "street",
                    String.class,
                    "cell",
                    String.class,
                    "lat",
                    double.class,
                    "lon",
                    double.class,
                    "title",
                    String.class,
                    "evStream",
                    String.class,
                    "evRef",
                    String.class,
                    "evTs",
                    long.class);

    /** Output: a subject's condition cleared by itself. */
    static final Schema CLEAR =
            new Schema("Clear", "rule", String.class, "subject", String.class, "ts", long.class);

    /** Output: fold a subject's incident into a parent incident. */
    static final Schema SUPPRESS =
            new Schema(
                    "Suppress",
                    "rule",
                    String.class,
                    "subject",
                    String.class,
                    "parentRule",
                    String.class,
                    "parentSubject",
                    String.class,
                    "parentOpenedAt",
                    long.class,
                    "ts",
                    long.class);

    static final List<Schema> ALL =
            List.of(READING, OBSERVATION, WARNING, STREET_ORDER, MATCH, CLEAR, SUPPRESS);

    /**
     * The configuration that both the compiler and the runtime use: the types above, every
     * threshold as a constant variable (so the compiler folds it into filter indexes), the helper
     * functions, and an external clock.
     */
    static Configuration configuration(Map<String, Double> thresholds) {
        Configuration config = new Configuration();
        for (Schema s : ALL) {
            config.getCommon().addEventType(s.name, s.fields, s.types);
        }
        for (var t : thresholds.entrySet()) {
            config.getCommon().addVariable(t.getKey(), double.class, t.getValue(), true);
        }
        config.getCompiler().addPlugInSingleRowFunction("num", EplFunctions.class.getName(), "num");
        var bytecode = config.getCompiler().getByteCode();
        // Rule files are compiled one by one against the earlier ones (file and line in errors),
        // so what a file declares must be visible to the files after it.
        bytecode.setAccessModifierContext(NameAccessModifier.PUBLIC);
        bytecode.setAccessModifierEventType(NameAccessModifier.PUBLIC);
        bytecode.setAccessModifierExpression(NameAccessModifier.PUBLIC);
        bytecode.setAccessModifierNamedWindow(NameAccessModifier.PUBLIC);
        bytecode.setAccessModifierScript(NameAccessModifier.PUBLIC);
        bytecode.setAccessModifierTable(NameAccessModifier.PUBLIC);
        bytecode.setAccessModifierVariable(NameAccessModifier.PUBLIC);
        bytecode.setBusModifierEventType(EventTypeBusModifier.BUS);
        config.getRuntime().getThreading().setInternalTimerEnabled(false);
        // One thread drives a runtime (the operator's task thread): no need to order dispatch
        // between threads.
        config.getRuntime().getThreading().setInsertIntoDispatchPreserveOrder(false);
        config.getRuntime().getThreading().setListenerDispatchPreserveOrder(false);
        config.getRuntime().getThreading().setNamedWindowConsumerDispatchPreserveOrder(false);
        // Nor to lock statements and contexts against other threads: the read lock taken for every
        // event was 3% of the rules thread.
        config.getRuntime().getExecution().setDisableLocking(true);
        return config;
    }
}
