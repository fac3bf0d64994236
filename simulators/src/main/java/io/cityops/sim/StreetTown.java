package io.cityops.sim;

import io.cityops.events.District;

import java.util.SplittableRandom;

/** A street-town (街镇) of the synthetic city with the part of its district's box it covers. */
record StreetTown(
        String code, District district, double south, double west, double north, double east) {

    double[] randomPoint(SplittableRandom r) {
        return new double[] {
            Seeds.round6(Seeds.between(r, south, north)), Seeds.round6(Seeds.between(r, west, east))
        };
    }

    double centerLat() {
        return (south + north) / 2;
    }

    double centerLon() {
        return (west + east) / 2;
    }
}
