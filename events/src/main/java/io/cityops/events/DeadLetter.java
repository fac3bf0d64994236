package io.cityops.events;

/**
 * Rejected input (CONTRACT.md, "Dead letter"). {@code ts} is the input's event time when it could
 * be read, else null.
 */
public record DeadLetter(String stream, String reason, String detail, String raw, Long ts) {}
