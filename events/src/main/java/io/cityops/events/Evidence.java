package io.cityops.events;

/** A pointer to an input that supports an incident: the stream, the id in it, its event time. */
public record Evidence(String stream, String ref, long ts) {}
