package io.cityops.sim;

import java.util.Locale;

/**
 * Which faults to inject, as probabilities per eligible message: {@code malformed} (any stream but
 * the registry: a line that is not JSON, lacks a required field or has a wrong type, added next to
 * the original), {@code unknown} (per sensor reading: an extra reading from a sensor the registry
 * does not know), {@code duplicates} (per street order: the same line again, at most {@code
 * disorderSec} later) and {@code late} (per background sensor reading: held back by up to {@code
 * disorderSec}). All off by default.
 */
public record FaultOptions(
        double malformed, double unknown, double duplicates, double late, int disorderSec) {
    public static final FaultOptions NONE = new FaultOptions(0, 0, 0, 0, 30);

    public FaultOptions {
        check("malformed", malformed);
        check("unknown", unknown);
        check("duplicates", duplicates);
        check("late", late);
        if (disorderSec < 1 || disorderSec > 3600) {
            throw new IllegalArgumentException(
                    "faults: disorderSec must be between 1 and 3600, was " + disorderSec);
        }
    }

    private static void check(String name, double p) {
        if (!(p >= 0 && p <= 0.5)) {
            throw new IllegalArgumentException(
                    "faults: " + name + " must be a probability between 0 and 0.5, was " + p);
        }
    }

    public boolean any() {
        return malformed > 0 || unknown > 0 || duplicates > 0 || late > 0;
    }

    /** Parses {@code malformed=0.01,unknown=0.001,duplicates=0.01,late=0.001,disorderSec=30}. */
    public static FaultOptions parse(String spec) {
        double malformed = 0, unknown = 0, duplicates = 0, late = 0;
        int disorder = 30;
        for (String part : spec.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException(
                        "faults: '" + p + "' is not name=value, e.g. malformed=0.01");
            }
            String name = p.substring(0, eq).trim();
            String value = p.substring(eq + 1).trim();
            try {
                switch (name.toLowerCase(Locale.ROOT)) {
                    case "malformed" -> malformed = Double.parseDouble(value);
                    case "unknown" -> unknown = Double.parseDouble(value);
                    case "duplicates" -> duplicates = Double.parseDouble(value);
                    case "late" -> late = Double.parseDouble(value);
                    case "disordersec" -> disorder = Integer.parseInt(value);
                    default ->
                            throw new IllegalArgumentException(
                                    "faults: unknown kind '"
                                            + name
                                            + "'; known: malformed, unknown, duplicates, late, disorderSec");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "faults: " + name + "=" + value + " is not a number");
            }
        }
        return new FaultOptions(malformed, unknown, duplicates, late, disorder);
    }
}
