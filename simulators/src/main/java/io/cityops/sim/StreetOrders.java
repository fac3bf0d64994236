package io.cityops.sim;

import io.cityops.events.District;
import io.cityops.events.Districts;
import io.cityops.events.Grid;
import io.cityops.events.OrderCategory;
import io.cityops.events.OrderSource;
import io.cityops.events.StreetOrder;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Background street orders with a hotline's daily rhythm (quiet at night, peaks near 10:00 and
 * 15:00), spread over the city by facility density, merged with a scenario's scripted clusters and
 * numbered {@code SO-yyyyMMdd-nnnnnn} per local day.
 *
 * <p>Background orders never make a hotspot: no (category, cell) gets more than {@value
 * #MAX_PER_CELL} background orders within 30 min, and none lands in a cell a scripted cluster uses.
 * An order that would break either is moved to another random point.
 */
final class StreetOrders {
    static final int MAX_PER_CELL = 2;
    static final long WINDOW_MS = 30 * 60_000L;

    /** Relative order volume by local hour. */
    private static final double[] HOURLY = {
        0.3, 0.2, 0.15, 0.1, 0.1, 0.2, 0.5, 1.0, 1.8, 2.6, 3.0, 2.6,
        1.8, 1.9, 2.5, 2.9, 2.4, 1.8, 1.4, 1.2, 1.0, 0.8, 0.6, 0.4
    };

    private static final double[] CATEGORY = {0.25, 0.12, 0.18, 0.10, 0.15, 0.05, 0.15};
    private static final double[] SOURCE = {0.55, 0.15, 0.10, 0.20};
    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("yyyyMMdd").withZone(Scenario.SHANGHAI);

    private StreetOrders() {}

    static List<StreetOrder> generate(
            CityModel city,
            long seed,
            long start,
            long end,
            int perDay,
            Set<String> reservedCells,
            List<StreetOrder> scripted) {
        SplittableRandom r = Seeds.random(seed, Seeds.ORDERS, 0);
        double hourSum = 0;
        for (double h : HOURLY) {
            hourSum += h;
        }
        double[] districtWeights = new double[Districts.ALL.size()];
        for (int i = 0; i < districtWeights.length; i++) {
            districtWeights[i] = CityModel.weight(Districts.ALL.get(i));
        }
        Map<String, List<Long>> recent = new HashMap<>();
        List<StreetOrder> all = new ArrayList<>();
        for (long minute = start; minute < end; minute += 60_000) {
            int hour =
                    (int)
                            (Math.floorMod(minute + Timeline.SHANGHAI_OFFSET_MS, 86_400_000L)
                                    / 3_600_000L);
            int n = poisson(r, perDay * HOURLY[hour] / hourSum / 60.0);
            for (int k = 0; k < n; k++) {
                long ts = Math.min(end - 1, minute + r.nextInt(60_000));
                District d = Districts.ALL.get(pick(r, districtWeights));
                OrderCategory cat = OrderCategory.values()[pick(r, CATEGORY)];
                OrderSource src = OrderSource.values()[pick(r, SOURCE)];
                StreetTown st;
                double[] p;
                String key;
                do {
                    st = city.randomStreet(d);
                    p = st.randomPoint(r);
                    String cell = Grid.cell(p[0], p[1]);
                    key = reservedCells.contains(cell) ? null : cat + "/" + cell;
                } while (key == null || crowded(recent.get(key), ts));
                recent.computeIfAbsent(key, x -> new ArrayList<>()).add(ts);
                all.add(
                        new StreetOrder(
                                null,
                                ts,
                                src,
                                cat,
                                p[0],
                                p[1],
                                d.code(),
                                st.code(),
                                Names.address(r),
                                Names.complaint(cat, r)));
            }
        }
        all.addAll(scripted);
        // Stable: scripted orders at the same ms as a background one follow it, always.
        all.sort(Comparator.comparingLong(StreetOrder::ts));
        Map<String, Integer> seq = new HashMap<>();
        List<StreetOrder> out = new ArrayList<>(all.size());
        for (StreetOrder o : all) {
            String day = DAY.format(Instant.ofEpochMilli(o.ts()));
            int n = seq.merge(day, 1, Integer::sum);
            out.add(
                    new StreetOrder(
                            String.format("SO-%s-%06d", day, n),
                            o.ts(),
                            o.source(),
                            o.category(),
                            o.lat(),
                            o.lon(),
                            o.district(),
                            o.street(),
                            o.address(),
                            o.text()));
        }
        return out;
    }

    /** Whether a cell already has its share of this category near {@code ts} (either side). */
    private static boolean crowded(List<Long> times, long ts) {
        if (times == null) {
            return false;
        }
        int near = 0;
        for (long t : times) {
            if (Math.abs(t - ts) <= WINDOW_MS) {
                near++;
            }
        }
        return near >= MAX_PER_CELL;
    }

    static int pick(SplittableRandom r, double[] weights) {
        double sum = 0;
        for (double w : weights) {
            sum += w;
        }
        double x = r.nextDouble() * sum;
        for (int i = 0; i < weights.length; i++) {
            x -= weights[i];
            if (x < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    /** Knuth's method; fine for the small rates of one minute. */
    static int poisson(SplittableRandom r, double lambda) {
        double limit = Math.exp(-lambda);
        double p = 1;
        int k = 0;
        do {
            k++;
            p *= r.nextDouble();
        } while (p > limit);
        return k - 1;
    }
}
