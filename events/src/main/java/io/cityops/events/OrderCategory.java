package io.cityops.events;

/** What a street order reports. */
public enum OrderCategory {
    ILLEGAL_PARKING,
    STREET_VENDOR,
    GARBAGE_OVERFLOW,
    ROAD_DAMAGE,
    NOISE,
    WATERLOGGING_REPORT,
    OTHER
}
