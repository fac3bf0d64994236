package io.cityops.events;

/** The hazard a weather warning is about. */
public enum Hazard {
    RAINSTORM,
    TYPHOON,
    GALE,
    HEAT,
    FOG
}
