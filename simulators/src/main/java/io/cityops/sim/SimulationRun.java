package io.cityops.sim;

import io.cityops.events.Facility;
import io.cityops.events.FacilityType;
import io.cityops.events.SensorReading;
import io.cityops.events.Stream;
import io.cityops.events.StreetOrder;
import io.cityops.events.WeatherMessage;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

/**
 * One generated run of a scenario. The registry, weather, street orders and truth are held in
 * memory; sensor readings are regenerated, identically, each time they are iterated, so a fleet of
 * 100,000 facilities over a day can be written without holding its ~40 M readings.
 */
public final class SimulationRun {
    public static final String TRUTH_FILE = "truth.ndjson";
    public static final String FAULTS_FILE = "faults.json";
    public static final String SCENARIO_FILE = "scenario.json";

    private final Scenario scenario;
    private final SimOptions options;
    private final long seed;
    private final long start;
    private final long end;
    private final List<Facility> registry;
    private final long[] keys;
    private final Map<Integer, Script> scripts;
    private final List<WeatherMessage> weather;
    private final List<StreetOrder> orders;
    private final Set<String> scriptedIds = new HashSet<>();
    private final Set<String> knownIds = new HashSet<>();
    private List<TruthEntry> truth;
    private FaultReport faults;

    SimulationRun(
            Scenario scenario,
            SimOptions options,
            long seed,
            long start,
            long end,
            List<Facility> registry,
            long[] keys,
            Map<Integer, Script> scripts,
            List<WeatherMessage> weather,
            List<StreetOrder> orders) {
        this.scenario = scenario;
        this.options = options;
        this.seed = seed;
        this.start = start;
        this.end = end;
        this.registry = registry;
        this.keys = keys;
        this.scripts = scripts;
        this.weather = List.copyOf(weather);
        this.orders = List.copyOf(orders);
        scripts.keySet().forEach(i -> scriptedIds.add(registry.get(i).id()));
        registry.forEach(f -> knownIds.add(f.id()));
    }

    void setTruth(List<TruthEntry> truth) {
        this.truth = List.copyOf(truth);
    }

    public Scenario scenario() {
        return scenario;
    }

    public long seed() {
        return seed;
    }

    /** Event time of the first instant of the run, epoch ms. */
    public long start() {
        return start;
    }

    /** Event time just after the run: every ts is before it. */
    public long end() {
        return end;
    }

    /** Every facility, weather stations first. */
    public List<Facility> registry() {
        return registry;
    }

    public List<WeatherMessage> weather() {
        return weather;
    }

    public List<StreetOrder> orders() {
        return orders;
    }

    /** The incidents a correct monitor must raise, sorted by earliest open, rule, subject. */
    public List<TruthEntry> truth() {
        return truth;
    }

    /** Ids of the facilities the scenario scripts (everything else is background). */
    public Set<String> scriptedFacilities() {
        return Set.copyOf(scriptedIds);
    }

    /** Sensor readings of the whole fleet in event-time order, without faults. */
    public Iterator<SensorReading> readings() {
        List<Timeline> list = new ArrayList<>();
        for (int i = 0; i < registry.size(); i++) {
            if (registry.get(i).type() != FacilityType.WEATHER_STATION) {
                list.add(timeline(i));
            }
        }
        return new SensorStream(list.toArray(new Timeline[0]));
    }

    private Timeline timeline(int i) {
        return new Timeline(registry.get(i), keys[i], scripts.get(i), seed, start, end);
    }

    List<SensorReading> timelineReadings(int i) {
        List<SensorReading> out = new ArrayList<>();
        Timeline t = timeline(i);
        for (SensorReading r = t.head(); r != null; t.advance(), r = t.head()) {
            out.add(r);
        }
        return out;
    }

    /** The largest ts of any message of the run. */
    long lastTs() {
        long last = Long.MIN_VALUE;
        for (Iterator<SensorReading> it = readings(); it.hasNext(); ) {
            last = Math.max(last, it.next().ts());
        }
        if (!weather.isEmpty()) {
            last = Math.max(last, weather.get(weather.size() - 1).ts());
        }
        if (!orders.isEmpty()) {
            last = Math.max(last, orders.get(orders.size() - 1).ts());
        }
        return last;
    }

    /**
     * All messages to publish: the registry first, then every stream merged in event-time order,
     * with faults added when the options ask for them. Each call generates the run afresh.
     */
    public Iterator<SimMessage> messages() {
        Iterator<SimMessage> merged =
                new MessageMerge(registry, weather, orders, readings(), start);
        FaultOptions f = options.faults();
        if (!f.any()) {
            return merged;
        }
        FaultReport report = new FaultReport(f.disorderSec());
        Iterator<SimMessage> faulty =
                new FaultInjector(merged, f, seed, knownIds, scriptedIds, report);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                boolean more = faulty.hasNext();
                if (!more) {
                    faults = report;
                }
                return more;
            }

            @Override
            public SimMessage next() {
                return faulty.next();
            }
        };
    }

    /** The faults the messages carry, counted by kind (a full pass if none has run yet). */
    public FaultReport faults() {
        if (!options.faults().any()) {
            return new FaultReport(options.faults().disorderSec());
        }
        if (faults == null) {
            for (Iterator<SimMessage> it = messages(); it.hasNext(); ) {
                it.next();
            }
        }
        return faults;
    }

    /**
     * Writes a replay folder in the contract's layout ({@code registry.ndjson}, {@code
     * street-orders.ndjson}, {@code weather.ndjson}, {@code sensors.ndjson}, each {@code .gz} when
     * asked) plus {@code truth.ndjson}, {@code faults.json} and {@code scenario.json}. Returns the
     * number of lines written per stream.
     */
    public Map<Stream, Long> writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<Stream, Writer> writers = new EnumMap<>(Stream.class);
        Map<Stream, Long> counts = new EnumMap<>(Stream.class);
        try {
            for (Stream s :
                    List.of(
                            Stream.REGISTRY,
                            Stream.STREET_ORDERS,
                            Stream.WEATHER,
                            Stream.SENSORS)) {
                Path plain = dir.resolve(s.file());
                Path gz = dir.resolve(s.file() + ".gz");
                // A stale file of the other variant would be read as well by a replay.
                Files.deleteIfExists(options.gzip() ? plain : gz);
                OutputStream out = Files.newOutputStream(options.gzip() ? gz : plain);
                if (options.gzip()) {
                    out = new GZIPOutputStream(out, 1 << 16);
                }
                writers.put(
                        s,
                        new BufferedWriter(
                                new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 20));
                counts.put(s, 0L);
            }
            for (Iterator<SimMessage> it = messages(); it.hasNext(); ) {
                SimMessage m = it.next();
                Writer w = writers.get(m.stream());
                w.write(m.json());
                w.write('\n');
                counts.merge(m.stream(), 1L, Long::sum);
            }
        } finally {
            IOException first = null;
            for (Writer w : writers.values()) {
                try {
                    w.close();
                } catch (IOException e) {
                    first = first == null ? e : first;
                }
            }
            if (first != null) {
                throw first;
            }
        }
        StringBuilder t = new StringBuilder();
        for (TruthEntry e : truth) {
            t.append(Wire.truth(e)).append('\n');
        }
        Files.writeString(dir.resolve(TRUTH_FILE), t, StandardCharsets.UTF_8);
        Files.writeString(
                dir.resolve(FAULTS_FILE), faults().toJson() + "\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(SCENARIO_FILE), manifest() + "\n", StandardCharsets.UTF_8);
        return counts;
    }

    private String manifest() {
        long n = registry.stream().filter(f -> f.type() != FacilityType.WEATHER_STATION).count();
        return Json.object()
                .str("scenario", scenario.name())
                .num("seed", seed)
                .num("facilities", n)
                .num("stations", (long) (registry.size() - n))
                .num("start", start)
                .num("end", end)
                .done();
    }
}
