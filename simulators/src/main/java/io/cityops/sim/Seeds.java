package io.cityops.sim;

import java.util.SplittableRandom;

/**
 * Derives independent random streams from the run's seed, one per purpose and per facility, so that
 * a facility's readings do not depend on how many other facilities exist or in which order they are
 * generated.
 */
final class Seeds {
    static final long CITY = 1, WEATHER = 2, ORDERS = 3, STAGING = 4, FAULTS = 5, SENSORS = 6;

    private Seeds() {}

    static SplittableRandom random(long seed, long purpose, long index) {
        return new SplittableRandom(mix(mix(seed, purpose), index));
    }

    /** SplitMix64's finaliser over a combination of two values. */
    static long mix(long a, long b) {
        long z = a * 0x9E3779B97F4A7C15L + b + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Rounds to one decimal, as field devices report. */
    static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    /** Rounds a coordinate to six decimals (about 0.1 m). */
    static double round6(double v) {
        return Math.round(v * 1e6) / 1e6;
    }

    static double between(SplittableRandom r, double lo, double hi) {
        return lo + (hi - lo) * r.nextDouble();
    }
}
