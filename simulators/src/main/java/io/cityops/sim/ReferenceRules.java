package io.cityops.sim;

import io.cityops.events.Facility;
import io.cityops.events.FacilityType;
import io.cityops.events.Grid;
import io.cityops.events.Metric;
import io.cityops.events.SensorReading;
import io.cityops.events.StreetOrder;
import io.cityops.events.WeatherMessage;
import io.cityops.events.WeatherObservation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * When each rule of RULES.md first opens, computed directly from the generated events: a small
 * reference for the opening conditions only (no severity, no lifecycle). Incidents are never closed
 * without a dispatcher, so each (rule, subject) opens at most once: a later match updates or
 * re-opens the same incident and keeps its {@code openedAt}.
 *
 * <p>Default thresholds of RULES.md. {@code endTs} is the largest ts of the input: a "nothing
 * within" deadline after it never fires.
 */
final class ReferenceRules {
    static final double WATER_CM = 15, GAS_LEL = 10, STRUCTURE_TILT = 3, STRUCTURE_ALONE = 6;
    static final double MANHOLE_TILT = 15, MANHOLE_NORMAL_TILT = 5;
    static final long MANHOLE_MS = 120_000, GUST_MS = 600_000, LIGHTS_MS = 900_000;
    static final long OUTAGE_MS = 300_000, HOTSPOT_MS = 1_800_000, OFFLINE_MIN_MS = 300_000;
    static final int OUTAGE_COUNT = 10, HOTSPOT_COUNT = 5, LIGHTS_COUNT = 3;

    private final Map<String, Facility> registry = new HashMap<>();

    /** Exact openedAt by "rule\tsubject". */
    private final TreeMap<String, Long> opened = new TreeMap<>();

    ReferenceRules(Collection<Facility> registry) {
        for (Facility f : registry) {
            this.registry.put(f.id(), f);
        }
    }

    /**
     * @param readings each facility's readings in ts order, keyed by sensor id
     */
    List<TruthEntry> evaluate(
            Map<String, List<SensorReading>> readings,
            List<StreetOrder> orders,
            List<WeatherMessage> weather,
            long endTs,
            long tolerance) {
        Map<String, long[]> gusts = gustsByDistrict(weather);
        Map<String, List<LightFault>> lightFaults = new TreeMap<>();
        Map<String, List<Long>> offlineByStreet = new TreeMap<>();
        for (var e : new TreeMap<>(readings).entrySet()) {
            Facility f = registry.get(e.getKey());
            if (f == null || f.type() == FacilityType.WEATHER_STATION) {
                continue;
            }
            List<SensorReading> rs = e.getValue();
            long offline = offline(f, rs, endTs);
            if (offline >= 0) {
                open("SENSOR_OFFLINE", f.id(), offline);
                offlineByStreet.computeIfAbsent(f.street(), k -> new ArrayList<>()).add(offline);
            }
            switch (f.type()) {
                case WATER_LEVEL -> first(rs, Metric.DEPTH_CM, WATER_CM, "WATERLOGGING", f.id());
                case ELEVATOR -> first(rs, Metric.ENTRAPMENT, 1, "ELEVATOR_ENTRAPMENT", f.id());
                case GAS ->
                        first(
                                rs,
                                Metric.LEL_PCT,
                                GAS_LEL,
                                "GAS_LEAK",
                                f.building() != null ? f.building() : f.id());
                case MANHOLE -> manhole(f, rs, endTs);
                case STRUCTURE -> structure(f, rs, gusts.getOrDefault(f.district(), new long[0]));
                case STREETLIGHT -> {
                    for (SensorReading r : rs) {
                        if (r.metric() == Metric.FAULT && r.value() == 1) {
                            lightFaults
                                    .computeIfAbsent(
                                            Grid.cell(f.lat(), f.lon()), k -> new ArrayList<>())
                                    .add(new LightFault(r.ts(), f.id()));
                        }
                    }
                }
                default -> {}
            }
        }
        lights(lightFaults);
        for (var e : offlineByStreet.entrySet()) {
            long t = nth(e.getValue(), OUTAGE_COUNT, OUTAGE_MS);
            if (t >= 0) {
                open("SENSOR_OUTAGE", e.getKey(), t);
            }
        }
        hotspots(orders);
        List<TruthEntry> out = new ArrayList<>();
        for (var e : opened.entrySet()) {
            String[] k = e.getKey().split("\t");
            out.add(new TruthEntry(k[0], k[1], e.getValue() - tolerance, e.getValue() + tolerance));
        }
        out.sort(null);
        return out;
    }

    private void open(String rule, String subject, long at) {
        opened.merge(rule + "\t" + subject, at, Math::min);
    }

    private void first(
            List<SensorReading> rs, Metric m, double threshold, String rule, String subject) {
        for (SensorReading r : rs) {
            if (r.metric() == m && r.value() >= threshold) {
                open(rule, subject, r.ts());
                return;
            }
        }
    }

    /** Deadline of the first silence of max(3 × interval, 300 s), or -1. */
    static long offline(Facility f, List<SensorReading> rs, long endTs) {
        long window = Math.max(3L * f.intervalSec() * 1000, OFFLINE_MIN_MS);
        for (int i = 0; i < rs.size(); i++) {
            long deadline = rs.get(i).ts() + window;
            long next = i + 1 < rs.size() ? rs.get(i + 1).ts() : Long.MAX_VALUE;
            if (next >= deadline && deadline <= endTs) {
                return deadline;
            }
        }
        return -1;
    }

    private void manhole(Facility f, List<SensorReading> rs, long endTs) {
        double open = 0;
        double tilt = 0;
        long pending = -1;
        for (SensorReading r : rs) {
            if (pending >= 0 && r.ts() > pending + MANHOLE_MS) {
                break;
            }
            if (r.metric() == Metric.OPEN) {
                open = r.value();
            } else if (r.metric() == Metric.TILT_DEG) {
                tilt = r.value();
            }
            boolean abnormal = open == 1 || tilt >= MANHOLE_TILT;
            boolean normal = open == 0 && tilt < MANHOLE_NORMAL_TILT;
            if (pending < 0 && abnormal) {
                pending = r.ts();
            } else if (pending >= 0 && normal) {
                pending = -1;
            }
        }
        if (pending >= 0 && pending + MANHOLE_MS <= endTs) {
            open("MANHOLE_COVER", f.id(), pending + MANHOLE_MS);
        }
    }

    private void structure(Facility f, List<SensorReading> rs, long[] gusts) {
        for (SensorReading r : rs) {
            if (r.metric() != Metric.TILT_DEG) {
                continue;
            }
            boolean afterGust = false;
            if (r.value() >= STRUCTURE_TILT) {
                int i = Arrays.binarySearch(gusts, r.ts() - GUST_MS);
                i = i >= 0 ? i : -i - 1;
                afterGust = i < gusts.length && gusts[i] <= r.ts();
            }
            if (r.value() >= STRUCTURE_ALONE || afterGust) {
                open("STRUCTURE_WIND", f.id(), r.ts());
                return;
            }
        }
    }

    private record LightFault(long ts, String light) {}

    private void lights(Map<String, List<LightFault>> faults) {
        for (var e : faults.entrySet()) {
            List<LightFault> list = e.getValue();
            list.sort((a, b) -> Long.compare(a.ts(), b.ts()));
            for (int i = 0; i < list.size(); i++) {
                Set<String> distinct = new HashSet<>();
                for (int j = 0; j <= i; j++) {
                    if (list.get(j).ts() >= list.get(i).ts() - LIGHTS_MS) {
                        distinct.add(list.get(j).light());
                    }
                }
                if (distinct.size() >= LIGHTS_COUNT) {
                    open("STREETLIGHT_OUTAGE", e.getKey(), list.get(i).ts());
                    break;
                }
            }
        }
    }

    private void hotspots(List<StreetOrder> orders) {
        Map<String, List<Long>> byKey = new TreeMap<>();
        Set<String> seen = new HashSet<>();
        for (StreetOrder o : orders) {
            if (seen.add(o.id())) {
                byKey.computeIfAbsent(
                                o.category() + "/" + Grid.cell(o.lat(), o.lon()),
                                k -> new ArrayList<>())
                        .add(o.ts());
            }
        }
        for (var e : byKey.entrySet()) {
            long t = nth(e.getValue(), HOTSPOT_COUNT, HOTSPOT_MS);
            if (t >= 0) {
                open("STREET_ORDER_HOTSPOT", e.getKey(), t);
            }
        }
    }

    /** The first time at which {@code n} of the times fall within {@code window}, or -1. */
    static long nth(List<Long> times, int n, long window) {
        List<Long> sorted = new ArrayList<>(times);
        sorted.sort(null);
        for (int i = n - 1; i < sorted.size(); i++) {
            if (sorted.get(i) - sorted.get(i - n + 1) <= window) {
                return sorted.get(i);
            }
        }
        return -1;
    }

    private Map<String, long[]> gustsByDistrict(List<WeatherMessage> weather) {
        Map<String, List<Long>> lists = new HashMap<>();
        for (WeatherMessage m : weather) {
            if (m instanceof WeatherObservation o
                    && o.gustMs() != null
                    && o.gustMs() >= Staging.GALE_GUST_MS) {
                Facility st = registry.get(o.station());
                if (st != null) {
                    lists.computeIfAbsent(st.district(), k -> new ArrayList<>()).add(o.ts());
                }
            }
        }
        Map<String, long[]> out = new HashMap<>();
        lists.forEach(
                (d, l) -> out.put(d, l.stream().mapToLong(Long::longValue).sorted().toArray()));
        return out;
    }
}
