package io.cityops.events;

/** The kinds of facility in the registry (CONTRACT.md, "Facility registry"). */
public enum FacilityType {
    WATER_LEVEL,
    MANHOLE,
    ELEVATOR,
    STREETLIGHT,
    GAS,
    SMOKE,
    STRUCTURE,
    WEATHER_STATION
}
