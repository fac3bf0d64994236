package io.cityops.events;

/** A missed service-level deadline: {@code kind} is ACK or RESOLVE, {@code at} the deadline. */
public record Breach(String kind, long at) {}
