package io.cityops.bench;

import io.cityops.events.District;
import io.cityops.events.Districts;
import io.cityops.events.Facility;
import io.cityops.events.Grid;
import io.cityops.events.Stream;
import io.cityops.job.CityEvent;
import io.cityops.job.rules.FacilityState;
import io.cityops.job.rules.RuleEngine;
import io.cityops.job.rules.RuleSet;
import io.cityops.job.source.Decoding;
import io.cityops.sim.SimMessage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Row 4: the rule engine's own limit. One {@link RuleEngine} (every default rule) in this thread,
 * fed the city's events already decoded and enriched, in event-time order, with each facility's
 * state kept in a map as the rules operator keeps it in Flink state. Events are prepared in chunks
 * off the clock; only feeding them is measured.
 */
final class EsperAloneRow {
    private static final int CHUNK = 200_000;

    private EsperAloneRow() {}

    static Row run(Setup s) throws Exception {
        Map<String, Facility> registry = new HashMap<>();
        Map<String, String> cells = new HashMap<>();
        for (Facility f : s.run().registry()) {
            registry.put(f.id(), f);
            cells.put(f.id(), Grid.cell(f.lat(), f.lon()));
        }
        Map<String, double[]> state = new HashMap<>();
        long[] signals = {0};
        long events = 0;
        long wallNanos = 0;
        long cpuNanos = 0;
        long started = System.nanoTime();
        Meter.resetHeap();
        try (RuleEngine engine =
                new RuleEngine(
                        "bench-esper-" + UUID.randomUUID(),
                        RuleSet.defaults(),
                        sig -> signals[0]++)) {
            Iterator<SimMessage> it = s.run().messages();
            List<CityEvent> chunk = new ArrayList<>(CHUNK);
            while (it.hasNext()) {
                chunk.clear();
                while (it.hasNext() && chunk.size() < CHUNK) {
                    SimMessage m = it.next();
                    if (m.stream() != Stream.REGISTRY) {
                        events++;
                        prepare(Decoding.decode(m.stream(), m.json()), registry, cells, chunk);
                    }
                }
                chunk.sort(CityEvent.SAME_INSTANT_ORDER);
                long c0 = Meter.cpuNanos();
                long t0 = System.nanoTime();
                for (CityEvent e : chunk) {
                    feed(engine, e, state);
                }
                wallNanos += System.nanoTime() - t0;
                cpuNanos += Meter.cpuNanos() - c0;
            }
        }
        long[] heap = Meter.heapPeaks();
        return new Row(
                "esper-alone",
                events,
                (System.nanoTime() - started) / 1e9,
                events / (wallNanos / 1e9),
                cpuNanos / 1e9 / events * 1e6,
                heap[0],
                heap[1],
                "RuleEngine in one thread, events decoded beforehand; " + signals[0] + " signals");
    }

    /** Enriched as the job enriches; a warning once per district it covers. */
    private static void prepare(
            CityEvent e,
            Map<String, Facility> registry,
            Map<String, String> cells,
            List<CityEvent> out) {
        switch (e.kind) {
            case CityEvent.READING, CityEvent.OBSERVATION -> {
                Facility f = registry.get(e.key);
                if (f != null) {
                    e.facility = f;
                    e.district = f.district();
                    e.cell = cells.get(e.key);
                    out.add(e);
                }
            }
            case CityEvent.ORDER -> {
                e.cell = Grid.cell(e.order.lat(), e.order.lon());
                out.add(e);
            }
            case CityEvent.WARNING -> {
                List<String> ds = e.warning.districts();
                if (ds == null || ds.isEmpty()) {
                    for (District d : Districts.ALL) {
                        out.add(CityEvent.warning(e.warning, d.code()));
                    }
                } else {
                    for (String d : ds) {
                        out.add(CityEvent.warning(e.warning, d));
                    }
                }
            }
            default -> {}
        }
    }

    private static void feed(RuleEngine engine, CityEvent e, Map<String, double[]> state) {
        switch (e.kind) {
            case CityEvent.READING -> {
                double[] next =
                        FacilityState.apply(
                                state.get(e.key), e.reading.metric(), e.reading.value());
                state.put(e.key, next);
                engine.reading(e.facility, e.reading, next, e.cell);
            }
            case CityEvent.OBSERVATION -> engine.observation(e.observation, e.facility);
            case CityEvent.WARNING -> engine.warning(e.warning, e.district);
            case CityEvent.ORDER -> engine.order(e.order, e.cell);
            default -> {}
        }
    }
}
