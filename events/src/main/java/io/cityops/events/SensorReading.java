package io.cityops.events;

/** One metric from one facility sensor at one instant. */
public record SensorReading(String sensor, long ts, Metric metric, double value) {}
