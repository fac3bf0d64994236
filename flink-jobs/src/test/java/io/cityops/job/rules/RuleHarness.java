package io.cityops.job.rules;

import io.cityops.events.Facility;
import io.cityops.events.FacilityType;
import io.cityops.events.Grid;
import io.cityops.events.Hazard;
import io.cityops.events.Metric;
import io.cityops.events.OrderCategory;
import io.cityops.events.OrderSource;
import io.cityops.events.SensorReading;
import io.cityops.events.StreetOrder;
import io.cityops.events.WarningLevel;
import io.cityops.events.WeatherObservation;
import io.cityops.events.WeatherWarning;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Drives a bare {@link RuleEngine} the way the operator does: events in time order, the clock
 * advanced to each event's time first, each facility's state kept with {@link FacilityState}; and
 * collects the signals.
 */
final class RuleHarness implements AutoCloseable {
    /** 2026-07-21 00:00 Asia/Shanghai. */
    static final long T0 = 1784563200000L;

    static final long SEC = 1000;
    static final long MIN = 60 * SEC;

    private static final AtomicInteger RUNTIMES = new AtomicInteger();

    final List<Signal> signals = new ArrayList<>();
    final RuleEngine engine;
    private final Map<String, Facility> facilities = new HashMap<>();
    private final Map<String, double[]> states = new HashMap<>();
    private int orders;

    RuleHarness() throws RuleLoadException {
        this(RuleSet.defaults());
    }

    RuleHarness(RuleSet rules) throws RuleLoadException {
        engine = new RuleEngine("rules-test-" + RUNTIMES.incrementAndGet(), rules, signals::add);
        engine.advanceTo(T0);
    }

    static double lat(int i) {
        return 31.2304 + i * 0.0001;
    }

    Facility facility(
            String id,
            FacilityType type,
            String district,
            String street,
            String building,
            int intervalSec,
            double lat,
            double lon) {
        Facility f =
                new Facility(
                        id, type, lat, lon, district, street, building, intervalSec, "设施" + id);
        facilities.put(id, f);
        return f;
    }

    /** A facility at People's Square (黄浦, street-town 310101002), all in one H3 cell by default. */
    Facility facility(String id, FacilityType type) {
        return facility(id, type, "310101", "310101002", null, 60, 31.2304, 121.4737);
    }

    String cellOf(String id) {
        Facility f = facilities.get(id);
        return Grid.cell(f.lat(), f.lon());
    }

    /** A reading at T0 + offset. */
    RuleHarness read(long offset, String sensor, Metric metric, double value) {
        Facility f = facilities.get(sensor);
        double[] state = FacilityState.apply(states.get(sensor), metric, value);
        states.put(sensor, state);
        long ts = T0 + offset;
        engine.advanceTo(ts);
        engine.reading(
                f,
                new SensorReading(sensor, ts, metric, value),
                state,
                Grid.cell(f.lat(), f.lon()));
        return this;
    }

    RuleHarness observe(long offset, String station, Double rain, Double gust) {
        long ts = T0 + offset;
        engine.advanceTo(ts);
        engine.observation(
                new WeatherObservation(station, ts, rain, 5.0, gust, 28.0),
                facilities.get(station));
        return this;
    }

    RuleHarness warn(long offset, Hazard hazard, WarningLevel level, String district, Long until) {
        long ts = T0 + offset;
        engine.advanceTo(ts);
        engine.warning(new WeatherWarning(ts, hazard, level, List.of(district), until), district);
        return this;
    }

    RuleHarness order(long offset, OrderCategory category, double lat, double lon) {
        long ts = T0 + offset;
        engine.advanceTo(ts);
        StreetOrder o =
                new StreetOrder(
                        "SO-" + (++orders),
                        ts,
                        OrderSource.HOTLINE,
                        category,
                        lat,
                        lon,
                        "310101",
                        "310101002",
                        "南京东路 100 号",
                        "text");
        engine.order(o, Grid.cell(lat, lon));
        return this;
    }

    RuleHarness advance(long offset) {
        engine.advanceTo(T0 + offset);
        return this;
    }

    List<Signal> of(String rule) {
        return filter(s -> s.rule().equals(rule));
    }

    List<Signal> matches(String rule) {
        return filter(s -> s.kind() == Signal.Kind.MATCH && s.rule().equals(rule));
    }

    List<Signal> clears(String rule) {
        return filter(s -> s.kind() == Signal.Kind.CLEAR && s.rule().equals(rule));
    }

    List<Signal> suppresses() {
        return filter(s -> s.kind() == Signal.Kind.SUPPRESS);
    }

    List<Signal> filter(Predicate<Signal> p) {
        return signals.stream().filter(p).toList();
    }

    @Override
    public void close() {
        engine.close();
    }
}
