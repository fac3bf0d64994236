package io.cityops.sim;

/**
 * How to run a scenario: overrides of its fleet size, seed and duration (null keeps the
 * scenario's), faults to inject, and whether {@link SimulationRun#writeTo} gzips the stream files.
 */
public record SimOptions(
        Integer facilities, Long seed, Long durationMs, FaultOptions faults, boolean gzip) {

    public static SimOptions defaults() {
        return new SimOptions(null, null, null, FaultOptions.NONE, false);
    }

    public SimOptions facilities(int n) {
        return new SimOptions(n, seed, durationMs, faults, gzip);
    }

    public SimOptions seed(long s) {
        return new SimOptions(facilities, s, durationMs, faults, gzip);
    }

    public SimOptions durationMs(long ms) {
        return new SimOptions(facilities, seed, ms, faults, gzip);
    }

    public SimOptions faults(FaultOptions f) {
        return new SimOptions(facilities, seed, durationMs, f, gzip);
    }

    public SimOptions gzip(boolean g) {
        return new SimOptions(facilities, seed, durationMs, faults, g);
    }
}
