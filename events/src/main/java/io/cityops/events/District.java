package io.cityops.events;

/**
 * One of Shanghai's 16 districts (GB/T 2260 code) with a rough bounding box and its number of
 * street-towns (街镇), used to validate input and to lay out the synthetic city.
 */
public record District(
        String code,
        String name,
        String pinyin,
        double south,
        double west,
        double north,
        double east,
        int streets) {

    public double centerLat() {
        return (south + north) / 2;
    }

    public double centerLon() {
        return (west + east) / 2;
    }

    /** The street-town code for the n-th (1-based) street-town: district code plus three digits. */
    public String streetCode(int n) {
        return code + String.format("%03d", n);
    }
}
