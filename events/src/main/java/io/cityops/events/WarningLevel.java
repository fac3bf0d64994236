package io.cityops.events;

/** Warning colours, mildest first, so that {@code compareTo} orders them. */
public enum WarningLevel {
    BLUE,
    YELLOW,
    ORANGE,
    RED
}
