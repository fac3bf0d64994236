package io.cityops.sim;

import io.cityops.events.Stream;

/**
 * One message ready to publish: its stream (topic and replay file), Kafka key per the contract
 * (registry: facility id; street orders: district; weather: station, or "warning"; sensors: sensor
 * id), the JSON line and its event time. Registry messages carry the scenario start as {@code ts};
 * an injected malformed line carries the time of the message it was made from.
 */
public record SimMessage(Stream stream, String key, String json, long ts) {}
