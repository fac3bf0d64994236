package io.cityops.job.rules;

/** Functions the rules call by name (registered in {@link EsperTypes#configuration}). */
public final class EplFunctions {
    private EplFunctions() {}

    /** A measurement for a title: "32" for 32.0, "17.5" for 17.46 (one decimal at most). */
    public static String num(double value) {
        double rounded = Math.round(value * 10) / 10.0;
        if (rounded == Math.rint(rounded) && Math.abs(rounded) < 1e15) {
            return Long.toString((long) rounded);
        }
        return Double.toString(rounded);
    }
}
