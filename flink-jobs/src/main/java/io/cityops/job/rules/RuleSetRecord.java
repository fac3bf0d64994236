package io.cityops.job.rules;

/**
 * A record of {@code city.rules} as the rules stage receives it, undecoded: each parallel instance
 * decodes and compiles it itself. {@code timestamp} is the Kafka record's (create or append time),
 * the switch time of a set without {@code effectiveAt}; {@code offset} orders the sets.
 */
public record RuleSetRecord(String json, long timestamp, long offset) {}
