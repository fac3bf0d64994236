package io.cityops.bench.cep;

import io.cityops.job.rules.EplFunctions;
import io.cityops.job.rules.Signal;

import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.util.Collector;

import java.util.List;
import java.util.Map;

/**
 * Turns the CEP peer's matches into the monitor's {@link Signal}s, with its titles and evidence.
 */
final class CepSignals {
    private CepSignals() {}

    static Signal match(
            String rule,
            String subject,
            long ts,
            String category,
            String severity,
            String district,
            String street,
            String cell,
            double lat,
            double lon,
            String title,
            String evStream,
            String evRef,
            long evTs) {
        return new Signal(
                Signal.Kind.MATCH,
                rule,
                subject,
                ts,
                category,
                severity,
                district,
                street,
                cell,
                lat,
                lon,
                title,
                evStream,
                evRef,
                evTs,
                null,
                null,
                0);
    }

    static Signal clear(String rule, String subject, long ts) {
        return new Signal(
                Signal.Kind.CLEAR,
                rule,
                subject,
                ts,
                null,
                null,
                null,
                null,
                null,
                0,
                0,
                null,
                null,
                null,
                0,
                null,
                null,
                0);
    }

    private static <T> T only(Map<String, List<T>> match, String name) {
        List<T> l = match.get(name);
        return l.get(l.size() - 1);
    }

    static final class WaterMatch extends PatternProcessFunction<CepReading, Signal> {
        private static final long serialVersionUID = 1L;
        private final double highCm;

        WaterMatch(double highCm) {
            this.highCm = highCm;
        }

        @Override
        public void processMatch(
                Map<String, List<CepReading>> m, Context ctx, Collector<Signal> out) {
            CepReading r = only(m, "r");
            out.collect(
                    match(
                            "WATERLOGGING",
                            r.sensor,
                            r.ts,
                            "WATERLOGGING",
                            r.depth >= highCm ? "HIGH" : "MEDIUM",
                            r.district,
                            r.street,
                            r.cell,
                            r.lat,
                            r.lon,
                            (r.name == null ? r.sensor : r.name)
                                    + " 积水 "
                                    + EplFunctions.num(r.depth)
                                    + " cm",
                            "sensors",
                            r.sensor,
                            r.ts));
        }
    }

    static final class ManholeMatch extends PatternProcessFunction<CepReading, Signal> {
        private static final long serialVersionUID = 1L;
        private final long graceMs;

        ManholeMatch(long graceMs) {
            this.graceMs = graceMs;
        }

        @Override
        public void processMatch(
                Map<String, List<CepReading>> m, Context ctx, Collector<Signal> out) {
            CepReading a = only(m, "a");
            String what = a.open == 1 ? " 井盖打开" : " 井盖倾斜 " + EplFunctions.num(a.tilt) + "°";
            out.collect(
                    match(
                            "MANHOLE_COVER",
                            a.sensor,
                            a.ts + graceMs,
                            "MANHOLE_COVER",
                            "HIGH",
                            a.district,
                            a.street,
                            a.cell,
                            a.lat,
                            a.lon,
                            (a.name == null ? a.sensor : a.name) + what,
                            "sensors",
                            a.sensor,
                            a.ts));
        }
    }

    /** A CLEAR at the named event's time plus a wait. */
    static final class ReadingClear extends PatternProcessFunction<CepReading, Signal> {
        private static final long serialVersionUID = 1L;
        private final String rule;
        private final String at;
        private final long waitMs;

        ReadingClear(String rule, String at, long waitMs) {
            this.rule = rule;
            this.at = at;
            this.waitMs = waitMs;
        }

        @Override
        public void processMatch(
                Map<String, List<CepReading>> m, Context ctx, Collector<Signal> out) {
            CepReading r = only(m, at);
            out.collect(clear(rule, r.sensor, r.ts + waitMs));
        }
    }

    static final class HotspotMatch extends PatternProcessFunction<CepOrder, Signal> {
        private static final long serialVersionUID = 1L;
        private final String severity;

        HotspotMatch(String severity) {
            this.severity = severity;
        }

        @Override
        public void processMatch(
                Map<String, List<CepOrder>> m, Context ctx, Collector<Signal> out) {
            List<CepOrder> orders = m.get("o");
            CepOrder o = orders.get(orders.size() - 1);
            out.collect(
                    match(
                            "STREET_ORDER_HOTSPOT",
                            o.subject(),
                            o.ts,
                            o.category,
                            severity,
                            o.district,
                            o.street,
                            o.cell,
                            o.lat,
                            o.lon,
                            (o.street == null ? o.district : o.street)
                                    + " "
                                    + chinese(o.category)
                                    + " 热点 "
                                    + orders.size()
                                    + " 单",
                            "street-orders",
                            o.id,
                            o.ts));
        }

        private static String chinese(String category) {
            return switch (category) {
                case "ILLEGAL_PARKING" -> "违章停车";
                case "STREET_VENDOR" -> "占道经营";
                case "GARBAGE_OVERFLOW" -> "垃圾满溢";
                case "ROAD_DAMAGE" -> "道路破损";
                case "NOISE" -> "噪声扰民";
                case "WATERLOGGING_REPORT" -> "积水报告";
                default -> "其他问题";
            };
        }
    }

    static final class HotspotClear extends PatternProcessFunction<CepOrder, Signal> {
        private static final long serialVersionUID = 1L;
        private final long quietMs;

        HotspotClear(long quietMs) {
            this.quietMs = quietMs;
        }

        @Override
        public void processMatch(
                Map<String, List<CepOrder>> m, Context ctx, Collector<Signal> out) {
            CepOrder o = only(m, "o");
            out.collect(clear("STREET_ORDER_HOTSPOT", o.subject(), o.ts + quietMs));
        }
    }
}
