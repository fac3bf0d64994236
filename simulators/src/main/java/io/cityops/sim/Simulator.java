package io.cityops.sim;

import io.cityops.events.Facility;
import io.cityops.events.SensorReading;
import io.cityops.events.StreetOrder;
import io.cityops.events.WeatherMessage;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a run of a scenario: lays out the city, generates the weather, stages the scenario's
 * events, freezes the registry, generates street orders and computes the truth. Sensor readings are
 * not generated here; {@link SimulationRun} streams them on demand.
 */
public final class Simulator {
    /** Half-width of every truth window around the exact openedAt. */
    public static final long TRUTH_TOLERANCE_MS = 1000;

    private final Scenario scenario;
    private final SimOptions options;

    public Simulator(Scenario scenario, SimOptions options) {
        this.scenario = scenario;
        this.options = options;
    }

    public SimulationRun run() {
        long seed = options.seed() != null ? options.seed() : scenario.seed();
        int facilities =
                options.facilities() != null ? options.facilities() : scenario.facilities();
        long start = scenario.start();
        long duration = options.durationMs() != null ? options.durationMs() : scenario.durationMs();
        if (duration <= 0) {
            throw new IllegalArgumentException(
                    "duration must be positive, was " + duration + " ms");
        }
        long end = start + duration;

        CityModel city = CityModel.build(seed, facilities, scenario.stations());
        List<WeatherMessage> weather =
                Weather.generate(city.stations(), scenario.events(), seed, start, end);
        Staging staging = new Staging(city, weather, scenario.name(), seed, start, end);
        staging.stage(scenario.events());
        List<Facility> registry = city.finish();
        List<StreetOrder> orders =
                StreetOrders.generate(
                        city,
                        seed,
                        start,
                        end,
                        scenario.ordersPerDay(),
                        staging.reservedCells,
                        staging.orders);

        long[] keys = new long[registry.size()];
        Map<Integer, Script> scripts = new HashMap<>();
        for (Site s : city.sites) {
            keys[s.index] = s.ordinal;
        }
        staging.scripts.forEach((site, script) -> scripts.put(site.index, script));

        SimulationRun run =
                new SimulationRun(
                        scenario, options, seed, start, end, registry, keys, scripts, weather,
                        orders);
        run.setTruth(truth(run, registry, scripts, weather, orders, end));
        return run;
    }

    /**
     * Evaluates the reference rules on the scripted facilities (background ones never cross a
     * threshold), all orders and all weather. "Nothing within" deadlines need the run's last ts; it
     * is known to lie between the last scripted/weather/order ts and the end, and only when the
     * answer differs between those two is the whole fleet generated to find it exactly.
     */
    private static List<TruthEntry> truth(
            SimulationRun run,
            List<Facility> registry,
            Map<Integer, Script> scripts,
            List<WeatherMessage> weather,
            List<StreetOrder> orders,
            long end) {
        Map<String, List<SensorReading>> readings = new HashMap<>();
        long known = Long.MIN_VALUE;
        for (int i : scripts.keySet()) {
            List<SensorReading> list = run.timelineReadings(i);
            readings.put(registry.get(i).id(), list);
            if (!list.isEmpty()) {
                known = Math.max(known, list.get(list.size() - 1).ts());
            }
        }
        if (!weather.isEmpty()) {
            known = Math.max(known, weather.get(weather.size() - 1).ts());
        }
        if (!orders.isEmpty()) {
            known = Math.max(known, orders.get(orders.size() - 1).ts());
        }
        List<TruthEntry> low =
                new ReferenceRules(registry)
                        .evaluate(readings, orders, weather, known, TRUTH_TOLERANCE_MS);
        List<TruthEntry> high =
                new ReferenceRules(registry)
                        .evaluate(readings, orders, weather, end - 1, TRUTH_TOLERANCE_MS);
        if (low.equals(high)) {
            return low;
        }
        return new ReferenceRules(registry)
                .evaluate(readings, orders, weather, run.lastTs(), TRUTH_TOLERANCE_MS);
    }
}
