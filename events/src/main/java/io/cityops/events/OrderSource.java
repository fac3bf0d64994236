package io.cityops.events;

/** Where a street order came from. */
public enum OrderSource {
    HOTLINE,
    INSPECTOR,
    CAMERA,
    APP
}
