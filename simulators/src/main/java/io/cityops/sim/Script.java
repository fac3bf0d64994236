package io.cityops.sim;

import io.cityops.events.Metric;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What a scenario makes one facility do on top of its background behaviour: windows of silence,
 * windows in which its regular reports carry a scripted value, and extra event-driven readings at
 * exact times (an alarm, a cover put back).
 */
final class Script {
    /** A value for a regular report at {@code ts}; may draw noise from the facility's random. */
    @FunctionalInterface
    interface Value {
        double at(long ts, SplittableRandom rng);
    }

    record Profile(Metric metric, long from, long to, Value value) {}

    record Extra(long ts, Metric metric, double value) {}

    private final List<long[]> silences = new ArrayList<>();
    private final List<Profile> profiles = new ArrayList<>();
    private final List<Extra> extras = new ArrayList<>();

    /** No regular report in [from, to). Extras still go out. */
    Script silence(long from, long to) {
        silences.add(new long[] {from, to});
        return this;
    }

    /** Regular reports in [from, to) carry {@code metric} = value(ts). */
    Script profile(Metric metric, long from, long to, Value value) {
        profiles.add(new Profile(metric, from, to, value));
        return this;
    }

    Script extra(long ts, Metric metric, double value) {
        extras.add(new Extra(ts, metric, value));
        // Stable sort: two extras at the same instant keep the order they were scripted in.
        extras.sort(Comparator.comparingLong(Extra::ts));
        return this;
    }

    boolean silent(long ts) {
        for (long[] s : silences) {
            if (ts >= s[0] && ts < s[1]) {
                return true;
            }
        }
        return false;
    }

    Profile profileAt(long ts) {
        for (Profile p : profiles) {
            if (ts >= p.from && ts < p.to) {
                return p;
            }
        }
        return null;
    }

    List<Extra> extras() {
        return extras;
    }
}
