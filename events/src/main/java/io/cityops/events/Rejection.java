package io.cityops.events;

/** Why an input was rejected: one of {@link Reasons} and a detail naming the offending value. */
public record Rejection(String reason, String detail) {}
