package io.cityops.sim;

import io.cityops.events.District;
import io.cityops.events.Districts;
import io.cityops.events.Facility;
import io.cityops.events.FacilityType;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The synthetic Shanghai: the 16 real districts, generated street-towns (each a tile of its
 * district's box), weather stations spread by area and a facility fleet spread by area weighted
 * towards the city centre. Built in two steps: {@link #build} lays out {@link Site}s that scenarios
 * may still move, then {@link #finish} gives ids and freezes the registry.
 */
final class CityModel {
    /** Share of each facility type in the fleet, and the fewest each district gets. */
    static final Map<FacilityType, double[]> MIX = new EnumMap<>(FacilityType.class);

    static {
        MIX.put(FacilityType.STREETLIGHT, new double[] {0.35, 1});
        MIX.put(FacilityType.MANHOLE, new double[] {0.30, 1});
        MIX.put(FacilityType.ELEVATOR, new double[] {0.20, 1});
        MIX.put(FacilityType.SMOKE, new double[] {0.06, 1});
        MIX.put(FacilityType.GAS, new double[] {0.05, 1});
        MIX.put(FacilityType.STRUCTURE, new double[] {0.03, 2});
        MIX.put(FacilityType.WATER_LEVEL, new double[] {0.01, 3});
    }

    static int intervalSec(FacilityType t) {
        return switch (t) {
            case WATER_LEVEL, GAS -> 60;
            case MANHOLE, ELEVATOR, SMOKE, STRUCTURE -> 300;
            case STREETLIGHT, WEATHER_STATION -> 600;
        };
    }

    static String prefix(FacilityType t) {
        return switch (t) {
            case WATER_LEVEL -> "WL";
            case MANHOLE -> "MH";
            case ELEVATOR -> "EL";
            case STREETLIGHT -> "SL";
            case GAS -> "GS";
            case SMOKE -> "SM";
            case STRUCTURE -> "ST";
            case WEATHER_STATION -> "WS";
        };
    }

    final Map<String, List<StreetTown>> streets = new LinkedHashMap<>();
    final List<Site> sites = new ArrayList<>();
    private final SplittableRandom rng;
    private int nextOrdinal;
    private int nextBuilding;

    private List<Facility> registry;
    private final Map<String, Site> byId = new HashMap<>();

    private CityModel(long seed) {
        this.rng = Seeds.random(seed, Seeds.CITY, 0);
    }

    static CityModel build(long seed, int facilities, int stations) {
        if (facilities < 0) {
            throw new IllegalArgumentException("facilities must be 0 or more, was " + facilities);
        }
        if (stations < Districts.ALL.size() || stations > 1600) {
            throw new IllegalArgumentException(
                    "stations must be between 16 and 1600, was " + stations);
        }
        CityModel city = new CityModel(seed);
        for (District d : Districts.ALL) {
            city.streets.put(d.code(), tiles(d));
        }
        city.place(FacilityType.WEATHER_STATION, allocate(stations, 2, CityModel::area));
        // Stations never move, so they get their final ids now: the weather is generated before
        // scenarios stage the fleet.
        int station = 0;
        for (Site s : city.sites) {
            s.facility =
                    new Facility(
                            Integer.toString(58301 + station++),
                            s.type,
                            s.lat,
                            s.lon,
                            s.district.code(),
                            s.street.code(),
                            null,
                            intervalSec(s.type),
                            s.name);
        }
        int placed = 0;
        Map<FacilityType, int[]> counts = new EnumMap<>(FacilityType.class);
        for (var e : MIX.entrySet()) {
            if (e.getKey() == FacilityType.STREETLIGHT) {
                continue;
            }
            int[] perDistrict =
                    allocate(
                            (int) Math.round(e.getValue()[0] * facilities),
                            (int) e.getValue()[1],
                            CityModel::weight);
            counts.put(e.getKey(), perDistrict);
            for (int n : perDistrict) {
                placed += n;
            }
        }
        // Streetlights take up the rest, so the fleet is exactly the size asked for when it can be.
        counts.put(
                FacilityType.STREETLIGHT,
                allocate(
                        Math.max(facilities - placed, Districts.ALL.size()), 1, CityModel::weight));
        int[] gas = counts.get(FacilityType.GAS);
        int[] smoke = counts.get(FacilityType.SMOKE);
        for (int i = 0; i < smoke.length; i++) {
            smoke[i] = Math.max(smoke[i], gas[i]);
        }
        for (FacilityType t :
                List.of(
                        FacilityType.WATER_LEVEL,
                        FacilityType.MANHOLE,
                        FacilityType.ELEVATOR,
                        FacilityType.STREETLIGHT,
                        FacilityType.STRUCTURE)) {
            city.place(t, counts.get(t));
        }
        city.placeBuildings(gas, smoke);
        return city;
    }

    /** Splits a district's box into a grid of tiles, one per street-town. */
    private static List<StreetTown> tiles(District d) {
        int n = d.streets();
        double aspect = (d.east() - d.west()) / (d.north() - d.south());
        int cols = Math.max(1, (int) Math.ceil(Math.sqrt(n * aspect)));
        int rows = (int) Math.ceil(n / (double) cols);
        double h = (d.north() - d.south()) / rows;
        double w = (d.east() - d.west()) / cols;
        List<StreetTown> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int row = i / cols;
            int col = i % cols;
            double s = d.south() + row * h;
            double west = d.west() + col * w;
            out.add(new StreetTown(d.streetCode(i + 1), d, s, west, s + h, west + w));
        }
        return out;
    }

    static double area(District d) {
        return (d.north() - d.south()) * (d.east() - d.west());
    }

    /** Facilities are denser in the seven central districts than in the suburbs and Chongming. */
    static double weight(District d) {
        int i = Districts.ALL.indexOf(d);
        return i < 7 ? area(d) * 6 : area(d);
    }

    /**
     * Splits {@code total} over the districts by weight (largest remainder), at least {@code min}.
     */
    static int[] allocate(
            int total, int min, java.util.function.ToDoubleFunction<District> weight) {
        int n = Districts.ALL.size();
        int[] out = new int[n];
        int rest = Math.max(0, total - min * n);
        double sum = 0;
        for (District d : Districts.ALL) {
            sum += weight.applyAsDouble(d);
        }
        double[] frac = new double[n];
        int given = 0;
        for (int i = 0; i < n; i++) {
            double exact = rest * weight.applyAsDouble(Districts.ALL.get(i)) / sum;
            out[i] = min + (int) Math.floor(exact);
            frac[i] = exact - Math.floor(exact);
            given += (int) Math.floor(exact);
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(frac[b], frac[a]));
        for (int k = 0; k < rest - given; k++) {
            out[order[k]]++;
        }
        return out;
    }

    private void place(FacilityType type, int[] perDistrict) {
        for (int i = 0; i < perDistrict.length; i++) {
            District d = Districts.ALL.get(i);
            for (int k = 0; k < perDistrict[i]; k++) {
                newSite(type, randomStreet(d));
            }
        }
    }

    /** GAS sensors each share a building with a SMOKE detector; the extra detectors stand alone. */
    private void placeBuildings(int[] gas, int[] smoke) {
        for (int i = 0; i < gas.length; i++) {
            District d = Districts.ALL.get(i);
            for (int k = 0; k < smoke[i]; k++) {
                StreetTown st = randomStreet(d);
                Site sm = newSite(FacilityType.SMOKE, st);
                sm.buildingGroup = nextBuilding++;
                if (k < gas[i]) {
                    Site g = newSite(FacilityType.GAS, st);
                    g.lat = sm.lat;
                    g.lon = sm.lon;
                    g.buildingGroup = sm.buildingGroup;
                    g.name = sm.name.replace("烟感", "燃气探测器");
                }
            }
        }
    }

    StreetTown randomStreet(District d) {
        List<StreetTown> list = streets.get(d.code());
        return list.get(rng.nextInt(list.size()));
    }

    SplittableRandom rng() {
        return rng;
    }

    private Site newSite(FacilityType type, StreetTown st) {
        Site s =
                new Site(
                        type,
                        nextOrdinal++,
                        st,
                        st.randomPoint(rng),
                        Names.facilityName(type, rng, st.district().name()));
        sites.add(s);
        return s;
    }

    /** The street-town of a district whose tile centre is nearest a point. */
    StreetTown nearestStreet(District d, double lat, double lon) {
        StreetTown best = null;
        double bestD = Double.MAX_VALUE;
        for (StreetTown st : streets.get(d.code())) {
            double dl = st.centerLat() - lat;
            double dn = st.centerLon() - lon;
            double dist = dl * dl + dn * dn;
            if (dist < bestD) {
                bestD = dist;
                best = st;
            }
        }
        return best;
    }

    /**
     * Gives every site its id (prefix, district, 4-digit sequence) and building id, and freezes the
     * registry: weather stations first, then the fleet by type, district and sequence.
     */
    List<Facility> finish() {
        if (registry != null) {
            return registry;
        }
        List<Site> sorted = new ArrayList<>(sites);
        Comparator<Site> order =
                Comparator.<Site>comparingInt(
                                s -> s.type == FacilityType.WEATHER_STATION ? -1 : s.type.ordinal())
                        .thenComparingInt(s -> Districts.ALL.indexOf(s.district))
                        .thenComparingInt(s -> s.ordinal);
        sorted.sort(order);
        Map<String, Integer> seq = new HashMap<>();
        Map<Integer, String> buildingIds = new HashMap<>();
        Map<String, Integer> buildingSeq = new HashMap<>();
        List<Facility> out = new ArrayList<>(sorted.size());
        for (Site s : sorted) {
            String id;
            if (s.type == FacilityType.WEATHER_STATION) {
                id = s.facility.id();
            } else {
                int n = seq.merge(s.type + s.district.code(), 1, Integer::sum);
                id = String.format("%s-%s-%04d", prefix(s.type), s.district.code(), n);
            }
            String building = null;
            if (s.buildingGroup >= 0) {
                building =
                        buildingIds.computeIfAbsent(
                                s.buildingGroup,
                                g ->
                                        String.format(
                                                "B-%s-%04d",
                                                s.district.code(),
                                                buildingSeq.merge(
                                                        s.district.code(), 1, Integer::sum)));
            }
            s.facility =
                    new Facility(
                            id,
                            s.type,
                            s.lat,
                            s.lon,
                            s.district.code(),
                            s.street.code(),
                            building,
                            intervalSec(s.type),
                            s.name);
            s.index = out.size();
            out.add(s.facility);
            byId.put(id, s);
        }
        sites.clear();
        sites.addAll(sorted);
        registry = List.copyOf(out);
        return registry;
    }

    Site site(String id) {
        return byId.get(id);
    }

    List<Facility> stations() {
        List<Facility> out = new ArrayList<>();
        for (Site s : sites) {
            if (s.type == FacilityType.WEATHER_STATION) {
                out.add(s.facility);
            }
        }
        return out;
    }
}
