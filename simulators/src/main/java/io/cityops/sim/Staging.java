package io.cityops.sim;

import io.cityops.events.District;
import io.cityops.events.Districts;
import io.cityops.events.Facility;
import io.cityops.events.FacilityType;
import io.cityops.events.Grid;
import io.cityops.events.Metric;
import io.cityops.events.SensorReading;
import io.cityops.events.StreetOrder;
import io.cityops.events.WeatherMessage;
import io.cityops.events.WeatherObservation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * Turns a scenario's events into scripts on chosen facilities and scripted street orders, moving
 * facilities where the story needs them (a manhole into a flooded underpass's cell, enough sensors
 * into one street-town, three streetlights into one cell). Events are staged in file order; an
 * event may refer to an earlier flood, whose onset is read from that underpass's actual generated
 * readings.
 */
final class Staging {
    static final double GALE_GUST_MS = 17.2;

    private final CityModel city;
    private final List<WeatherMessage> weather;
    private final long seed;
    private final long start;
    private final long end;
    private final String scenario;
    private final SplittableRandom rng;

    final Map<Site, Script> scripts = new IdentityHashMap<>();

    /** Scripted orders, without ids yet. */
    final List<StreetOrder> orders = new ArrayList<>();

    /** Cells holding a scripted cluster: background orders stay out of them. */
    final Set<String> reservedCells = new LinkedHashSet<>();

    private final Set<Site> used = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<String, Site> floods = new HashMap<>();
    private final Map<String, Long> onsets = new HashMap<>();
    private final Set<String> lightCells = new HashSet<>();

    Staging(
            CityModel city,
            List<WeatherMessage> weather,
            String scenario,
            long seed,
            long start,
            long end) {
        this.city = city;
        this.weather = weather;
        this.scenario = scenario;
        this.seed = seed;
        this.start = start;
        this.end = end;
        this.rng = Seeds.random(seed, Seeds.STAGING, 0);
    }

    void stage(List<Event> events) {
        for (Event e : events) {
            if (e instanceof Event.Flood f) {
                flood(f);
            } else if (e instanceof Event.ManholeLift m) {
                manhole(m);
            } else if (e instanceof Event.Orders o) {
                orders(o);
            } else if (e instanceof Event.Outage o) {
                outage(o);
            } else if (e instanceof Event.Entrapment en) {
                entrapment(en);
            } else if (e instanceof Event.GasLeak g) {
                gasLeak(g);
            } else if (e instanceof Event.StructureTilt t) {
                structureTilt(t);
            } else if (e instanceof Event.StreetlightFault l) {
                streetlights(l);
            }
            // Fronts, squalls and warnings shape the weather, generated before staging.
        }
    }

    private void flood(Event.Flood f) {
        Site wl = acquire(FacilityType.WATER_LEVEL, f.district(), 1, s -> true).get(0);
        long t0 = start + f.at();
        long rise = Math.max(1, f.rise());
        long hold = f.hold();
        long recede = Math.max(1, f.recede());
        double peak = f.peakCm();
        script(wl)
                .profile(
                        Metric.DEPTH_CM,
                        t0,
                        t0 + rise + hold + recede + 40 * 60_000L,
                        (ts, r) -> {
                            long dt = ts - t0;
                            double v;
                            if (dt < rise) {
                                v = 2 + (peak - 2) * dt / rise + Seeds.between(r, -0.2, 0.2);
                            } else if (dt < rise + hold) {
                                v = peak + Seeds.between(r, -0.3, 0.3);
                            } else if (dt < rise + hold + recede) {
                                v =
                                        peak
                                                - (peak - 2) * (dt - rise - hold) / recede
                                                + Seeds.between(r, -0.2, 0.2);
                            } else {
                                v = Seeds.between(r, 0.5, 3.0);
                            }
                            return Seeds.round1(Math.max(0, v));
                        });
        if (f.id() != null) {
            floods.put(f.id(), wl);
            long onset = firstReading(wl, Metric.DEPTH_CM, 15);
            if (onset >= 0) {
                onsets.put(f.id(), onset);
            }
        }
    }

    private Site floodRef(String id, String what) {
        Site wl = floods.get(id);
        if (wl == null) {
            throw new ScenarioException(
                    scenario
                            + ": "
                            + what
                            + " is near flood '"
                            + id
                            + "', but no earlier flood has that id");
        }
        if (!onsets.containsKey(id)) {
            throw new ScenarioException(
                    scenario
                            + ": "
                            + what
                            + " is near flood '"
                            + id
                            + "', which never reaches 15 cm, so it has no onset to follow");
        }
        return wl;
    }

    private void manhole(Event.ManholeLift m) {
        long t;
        Site mh;
        if (m.near() != null) {
            Site wl = floodRef(m.near(), "a manhole");
            mh = acquire(FacilityType.MANHOLE, wl.district.code(), 1, s -> true).get(0);
            mh.moveTo(wl.street, pointInCell(Grid.cell(wl.lat, wl.lon), wl.lat, wl.lon));
            t = onsets.get(m.near()) + m.at();
        } else {
            mh = acquire(FacilityType.MANHOLE, m.district(), 1, s -> true).get(0);
            t = start + m.at();
        }
        script(mh)
                .extra(t, Metric.OPEN, 1)
                .profile(Metric.OPEN, t, t + m.openFor(), (ts, r) -> 1)
                .extra(t + m.openFor(), Metric.OPEN, 0);
    }

    private void orders(Event.Orders o) {
        String cell;
        double lat;
        double lon;
        StreetTown street;
        String address;
        long base;
        if (o.near() != null) {
            Site wl = floodRef(o.near(), "an orders cluster");
            lat = wl.lat;
            lon = wl.lon;
            street = wl.street;
            address = wl.name;
            base = onsets.get(o.near()) + o.at();
        } else {
            lat = o.point().lat();
            lon = o.point().lon();
            street = city.nearestStreet(Districts.byCode(o.district()), lat, lon);
            address = (o.point().name() == null ? Names.road(rng) : o.point().name()) + "附近";
            base = start + o.at();
        }
        cell = Grid.cell(lat, lon);
        reservedCells.add(cell);
        long[] times = new long[o.count()];
        for (int i = 0; i < times.length; i++) {
            times[i] = base + (long) (rng.nextDouble() * o.over());
        }
        java.util.Arrays.sort(times);
        for (long ts : times) {
            double[] p = pointInCell(cell, lat, lon);
            orders.add(
                    new StreetOrder(
                            null,
                            ts,
                            o.source(),
                            o.category(),
                            p[0],
                            p[1],
                            street.district().code(),
                            street.code(),
                            address,
                            Names.complaint(o.category(), rng)));
        }
    }

    private void outage(Event.Outage o) {
        District d = Districts.byCode(o.district());
        List<StreetTown> streets = city.streets.get(d.code());
        if (o.street() < 1 || o.street() > streets.size()) {
            throw new ScenarioException(
                    scenario
                            + ": outage street "
                            + o.street()
                            + " does not exist; "
                            + d.name()
                            + " has street-towns 1 to "
                            + streets.size());
        }
        StreetTown target = streets.get(o.street() - 1);
        // Only 300-s sensors, so every silenced sensor's offline deadline is 15 min after its last
        // heartbeat and the deadlines fall within the same spread as the silences.
        Predicate<Site> kind =
                s -> s.type == FacilityType.MANHOLE || s.type == FacilityType.ELEVATOR;
        List<Site> chosen = new ArrayList<>();
        for (Site s : city.sites) {
            if (chosen.size() < o.sensors()
                    && kind.test(s)
                    && s.street == target
                    && !used.contains(s)) {
                chosen.add(s);
            }
        }
        for (Site s : city.sites) {
            if (chosen.size() < o.sensors()
                    && kind.test(s)
                    && s.street != target
                    && !used.contains(s)
                    && s.district == d) {
                chosen.add(s);
                s.moveTo(target, target.randomPoint(rng));
            }
        }
        if (chosen.size() < o.sensors()) {
            throw new ScenarioException(
                    scenario
                            + ": outage needs "
                            + o.sensors()
                            + " manholes and elevators in "
                            + d.name()
                            + " but the fleet has "
                            + chosen.size()
                            + " there; raise --facilities");
        }
        used.addAll(chosen);
        long back = start + o.at() + o.duration();
        for (Site s : chosen) {
            long from = start + o.at() + (long) (rng.nextDouble() * o.spread());
            script(s)
                    .extra(from, Metric.HEARTBEAT, 0)
                    .silence(from, back + (long) (rng.nextDouble() * 60_000));
        }
    }

    private void entrapment(Event.Entrapment e) {
        Site el = acquire(FacilityType.ELEVATOR, e.district(), 1, s -> true).get(0);
        long t = start + e.at();
        script(el)
                .extra(t, Metric.ENTRAPMENT, 1)
                .profile(Metric.ENTRAPMENT, t, t + e.duration(), (ts, r) -> 1)
                .extra(t + e.duration(), Metric.ENTRAPMENT, 0);
    }

    private void gasLeak(Event.GasLeak g) {
        Site gas =
                acquire(
                                FacilityType.GAS,
                                g.district(),
                                1,
                                s -> partner(s) != null && !used.contains(partner(s)))
                        .get(0);
        Site smoke = partner(gas);
        used.add(smoke);
        long t0 = start + g.at();
        long rise = Math.max(1, g.rise());
        long fall = Math.max(1, g.fall());
        double peak = g.peakLel();
        script(gas)
                .profile(
                        Metric.LEL_PCT,
                        t0,
                        t0 + rise + g.hold() + fall + 15 * 60_000L,
                        (ts, r) -> {
                            long dt = ts - t0;
                            double v;
                            if (dt < rise) {
                                v = 2 + (peak - 2) * dt / rise + Seeds.between(r, -0.2, 0.2);
                            } else if (dt < rise + g.hold()) {
                                v = peak + Seeds.between(r, -0.5, 0.5);
                            } else if (dt < rise + g.hold() + fall) {
                                v =
                                        peak
                                                - (peak - 2) * (dt - rise - g.hold()) / fall
                                                + Seeds.between(r, -0.2, 0.2);
                            } else {
                                v = Seeds.between(r, 0, 2);
                            }
                            return Seeds.round1(Math.max(0, v));
                        });
        if (g.smoke()) {
            long onset = firstReading(gas, Metric.LEL_PCT, 10);
            long ts = (onset >= 0 ? onset : t0 + rise) + g.smokeAfter();
            long clear = ts + 15 * 60_000L;
            script(smoke)
                    .extra(ts, Metric.SMOKE, 1)
                    .profile(Metric.SMOKE, ts, clear, (x, r) -> 1)
                    .extra(clear, Metric.SMOKE, 0);
        }
    }

    private Site partner(Site gas) {
        for (Site s : city.sites) {
            if (s.type == FacilityType.SMOKE && s.buildingGroup == gas.buildingGroup) {
                return s;
            }
        }
        return null;
    }

    private void structureTilt(Event.StructureTilt t) {
        long base;
        if (t.afterGust()) {
            long gust = firstGust(t.district());
            if (gust < 0) {
                throw new ScenarioException(
                        scenario
                                + ": structureTilt in "
                                + t.district()
                                + " follows a gale gust, but no station there reports a gust of "
                                + GALE_GUST_MS
                                + " m/s or more; strengthen the front or add a squall");
            }
            base = gust + t.at();
        } else {
            base = start + t.at();
        }
        List<Site> sites =
                acquire(FacilityType.STRUCTURE, t.district(), t.tilts().size(), s -> true);
        for (int i = 0; i < sites.size(); i++) {
            double tilt = t.tilts().get(i);
            long ts = base + i * 20_000L;
            script(sites.get(i))
                    .extra(ts, Metric.TILT_DEG, tilt)
                    .profile(
                            Metric.TILT_DEG,
                            ts,
                            base + t.hold(),
                            (x, r) -> Seeds.round1(tilt + Seeds.between(r, -0.1, 0.1)))
                    .extra(base + t.hold(), Metric.TILT_DEG, 0.2);
        }
    }

    private void streetlights(Event.StreetlightFault e) {
        District d = Districts.byCode(e.district());
        double[] centre;
        String cell;
        do {
            centre = city.randomStreet(d).randomPoint(rng);
            cell = Grid.cell(centre[0], centre[1]);
        } while (!lightCells.add(cell));
        List<Site> lights = acquire(FacilityType.STREETLIGHT, d.code(), e.count(), s -> true);
        StreetTown street = city.nearestStreet(d, centre[0], centre[1]);
        long fix = start + e.at() + e.fixAfter();
        for (int i = 0; i < lights.size(); i++) {
            Site s = lights.get(i);
            s.moveTo(street, pointInCell(cell, centre[0], centre[1]));
            long ts =
                    start
                            + e.at()
                            + (lights.size() == 1 ? 0 : i * e.spread() / (lights.size() - 1));
            script(s)
                    .extra(ts, Metric.FAULT, 1)
                    .profile(Metric.FAULT, ts, fix, (x, r) -> 1)
                    .extra(fix + i * 10_000L, Metric.FAULT, 0);
        }
    }

    /**
     * {@code n} unused facilities of a type in a district, picked at random; when the district has
     * too few, some are moved in from other districts.
     */
    private List<Site> acquire(FacilityType type, String district, int n, Predicate<Site> ok) {
        District d = Districts.byCode(district);
        List<Site> here = new ArrayList<>();
        List<Site> elsewhere = new ArrayList<>();
        for (Site s : city.sites) {
            if (s.type == type && !used.contains(s) && ok.test(s)) {
                (s.district == d ? here : elsewhere).add(s);
            }
        }
        List<Site> out = new ArrayList<>();
        while (out.size() < n && !here.isEmpty()) {
            out.add(here.remove(rng.nextInt(here.size())));
        }
        boolean movable = type != FacilityType.GAS && type != FacilityType.SMOKE;
        while (out.size() < n && movable && !elsewhere.isEmpty()) {
            Site s = elsewhere.remove(rng.nextInt(elsewhere.size()));
            s.moveTo(city.randomStreet(d), city.randomStreet(d).randomPoint(rng));
            out.add(s);
        }
        if (out.size() < n) {
            throw new ScenarioException(
                    scenario
                            + ": needs "
                            + n
                            + " "
                            + type
                            + " in "
                            + d.name()
                            + " ("
                            + district
                            + ") but the fleet has only "
                            + out.size()
                            + "; raise --facilities");
        }
        used.addAll(out);
        return out;
    }

    private Script script(Site s) {
        return scripts.computeIfAbsent(s, k -> new Script());
    }

    /**
     * The ts of the site's first reading of {@code metric} at or above {@code threshold}, or -1.
     */
    private long firstReading(Site s, Metric metric, double threshold) {
        Facility provisional =
                new Facility(
                        "?",
                        s.type,
                        s.lat,
                        s.lon,
                        s.district.code(),
                        s.street.code(),
                        null,
                        CityModel.intervalSec(s.type),
                        s.name);
        Timeline t = new Timeline(provisional, s.ordinal, scripts.get(s), seed, start, end);
        for (SensorReading r = t.head(); r != null; t.advance(), r = t.head()) {
            if (r.metric() == metric && r.value() >= threshold) {
                return r.ts();
            }
        }
        return -1;
    }

    private long firstGust(String district) {
        Set<String> stations = new HashSet<>();
        for (Facility f : city.stations()) {
            if (f.district().equals(district)) {
                stations.add(f.id());
            }
        }
        for (WeatherMessage m : weather) {
            if (m instanceof WeatherObservation o
                    && stations.contains(o.station())
                    && o.gustMs() != null
                    && o.gustMs() >= GALE_GUST_MS) {
                return o.ts();
            }
        }
        return -1;
    }

    /** A point near (lat, lon) inside {@code cell}, within about 50 m. */
    private double[] pointInCell(String cell, double lat, double lon) {
        for (int i = 0; i < 50; i++) {
            double la = Seeds.round6(lat + Seeds.between(rng, -0.00045, 0.00045));
            double lo = Seeds.round6(lon + Seeds.between(rng, -0.0005, 0.0005));
            if (Grid.cell(la, lo).equals(cell)) {
                return new double[] {la, lo};
            }
        }
        double[] c = Grid.center(cell);
        return new double[] {Seeds.round6(c[0]), Seeds.round6(c[1])};
    }
}
