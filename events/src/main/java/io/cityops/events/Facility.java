package io.cityops.events;

/**
 * A registry entry. {@code street}, {@code building} and {@code name} may be null; a later entry
 * with the same id replaces the earlier one.
 */
public record Facility(
        String id,
        FacilityType type,
        double lat,
        double lon,
        String district,
        String street,
        String building,
        int intervalSec,
        String name) {}
