package io.cityops.events;

import com.uber.h3core.H3Core;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The monitor's grid: H3 cells at resolution 9 (about 0.1 km² each). */
public final class Grid {
    public static final int RESOLUTION = 9;

    private static final H3Core H3;

    static {
        try {
            H3 = H3Core.newInstance();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the H3 native library", e);
        }
    }

    private Grid() {}

    /** The resolution-9 cell of a point, as H3's hex address. */
    public static String cell(double lat, double lon) {
        return H3.latLngToCellAddress(lat, lon, RESOLUTION);
    }

    /** The centre of a cell, as {lat, lon}. */
    public static double[] center(String cell) {
        var c = H3.cellToLatLng(cell);
        return new double[] {c.lat, c.lng};
    }
}
