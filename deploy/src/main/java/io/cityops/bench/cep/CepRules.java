package io.cityops.bench.cep;

import io.cityops.job.rules.Signal;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.cep.CEP;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.WithinType;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * WATERLOGGING, MANHOLE_COVER and STREET_ORDER_HOTSPOT (RULES.md) as Flink CEP patterns, with the
 * thresholds of the shipped rules. One CEP operator per pattern, as Flink CEP has it: a rule's
 * opening and its clearing are two patterns over the same keyed stream.
 *
 * <p>Left out, because each needs a correlation that CEP expresses only as one match per pair of
 * events (so one signal per pair, where the rule means one per reading): WATERLOGGING's HIGH under
 * a district's heavy rain or a RAINSTORM warning, and MANHOLE_COVER's CRITICAL while its cell is
 * flooded. Both leave the peer less work than the monitor has. A hotspot of 15 or more orders gives
 * a second, HIGH, match from its own pattern, where the monitor gives one.
 */
public final class CepRules {
    static final TypeInformation<Signal> SIGNAL = TypeInformation.of(Signal.class);

    private final Map<String, Double> t;

    public CepRules(Map<String, Double> thresholds) {
        this.t = thresholds;
    }

    private double v(String name) {
        Double d = t.get(name);
        if (d == null) {
            throw new IllegalStateException("no threshold '" + name + "' in the rule set");
        }
        return d;
    }

    private static Duration minutes(double m) {
        return Duration.ofMillis((long) (m * 60_000));
    }

    public List<DataStream<Signal>> waterlogging(KeyedStream<CepReading, String> water) {
        double openCm = v("waterlogging_open_cm");
        double highCm = v("waterlogging_high_cm");
        double clearCm = v("waterlogging_clear_cm");
        Duration quiet = minutes(v("waterlogging_clear_min"));
        Pattern<CepReading, ?> open =
                Pattern.<CepReading>begin("r").where(SimpleCondition.of(r -> r.depth >= openCm));
        // The first reading under 5 cm after one at 5 cm or more, then 30 min without 5 cm.
        Pattern<CepReading, ?> clear =
                Pattern.<CepReading>begin("wet", AfterMatchSkipStrategy.skipPastLastEvent())
                        .where(SimpleCondition.of(r -> r.depth >= clearCm))
                        .next("low")
                        .where(SimpleCondition.of(r -> r.depth < clearCm))
                        .notFollowedBy("again")
                        .where(SimpleCondition.of(r -> r.depth >= clearCm))
                        .within(quiet, WithinType.PREVIOUS_AND_CURRENT);
        return List.of(
                CEP.pattern(water, open)
                        .process(new CepSignals.WaterMatch(highCm), SIGNAL)
                        .name("cep-waterlogging")
                        .uid("cep-waterlogging"),
                CEP.pattern(water, clear)
                        .process(
                                new CepSignals.ReadingClear(
                                        "WATERLOGGING", "low", quiet.toMillis()),
                                SIGNAL)
                        .name("cep-waterlogging-clear")
                        .uid("cep-waterlogging-clear"));
    }

    public List<DataStream<Signal>> manholeCover(KeyedStream<CepReading, String> manholes) {
        double tilted = v("manhole_tilt_deg");
        double normalTilt = v("manhole_normal_tilt_deg");
        Duration grace = Duration.ofMillis((long) (v("manhole_grace_sec") * 1000));
        SimpleCondition<CepReading> abnormal =
                SimpleCondition.of(r -> r.open == 1 || r.tilt >= tilted);
        SimpleCondition<CepReading> normal =
                SimpleCondition.of(r -> r.open == 0 && r.tilt < normalTilt);
        Pattern<CepReading, ?> unresolved =
                Pattern.<CepReading>begin("a")
                        .where(abnormal)
                        .notFollowedBy("normal")
                        .where(normal)
                        .within(grace);
        Pattern<CepReading, ?> clear =
                Pattern.<CepReading>begin("a", AfterMatchSkipStrategy.skipPastLastEvent())
                        .where(abnormal)
                        .followedBy("normal")
                        .where(normal);
        return List.of(
                CEP.pattern(manholes, unresolved)
                        .process(new CepSignals.ManholeMatch(grace.toMillis()), SIGNAL)
                        .name("cep-manhole-cover")
                        .uid("cep-manhole-cover"),
                CEP.pattern(manholes, clear)
                        .process(new CepSignals.ReadingClear("MANHOLE_COVER", "normal", 0), SIGNAL)
                        .name("cep-manhole-cover-clear")
                        .uid("cep-manhole-cover-clear"));
    }

    public List<DataStream<Signal>> hotspot(KeyedStream<CepOrder, String> orders) {
        int min = (int) v("hotspot_min_orders");
        int high = (int) v("hotspot_high_orders");
        Duration window = minutes(v("hotspot_window_min"));
        Duration quiet = minutes(v("hotspot_quiet_min"));
        // An order's key holds only that category and cell, so n consecutive orders within the
        // window are n orders of the subject within it.
        Pattern<CepOrder, ?> medium =
                Pattern.<CepOrder>begin("o").times(min).consecutive().within(window);
        Pattern<CepOrder, ?> severe =
                Pattern.<CepOrder>begin("o").times(high).consecutive().within(window);
        Pattern<CepOrder, ?> clear =
                Pattern.<CepOrder>begin("o")
                        .notFollowedBy("next")
                        .where(SimpleCondition.of(o -> true))
                        .within(quiet);
        return List.of(
                CEP.pattern(orders, medium)
                        .process(new CepSignals.HotspotMatch("MEDIUM"), SIGNAL)
                        .name("cep-hotspot")
                        .uid("cep-hotspot"),
                CEP.pattern(orders, severe)
                        .process(new CepSignals.HotspotMatch("HIGH"), SIGNAL)
                        .name("cep-hotspot-high")
                        .uid("cep-hotspot-high"),
                CEP.pattern(orders, clear)
                        .process(new CepSignals.HotspotClear(quiet.toMillis()), SIGNAL)
                        .name("cep-hotspot-clear")
                        .uid("cep-hotspot-clear"));
    }
}
