package io.cityops.sim;

import com.fasterxml.jackson.databind.JsonNode;

import io.cityops.events.Facility;
import io.cityops.events.SensorReading;
import io.cityops.events.StreetOrder;
import io.cityops.events.WeatherMessage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A replay folder read back through Jackson: what a consumer of the files would see. */
record Replay(
        List<Facility> registry,
        Map<String, List<SensorReading>> readings,
        List<StreetOrder> orders,
        List<WeatherMessage> weather,
        List<JsonNode> truth,
        long lastTs,
        Map<String, List<String>> raw) {

    static Replay read(Path dir) throws IOException {
        Map<String, List<String>> raw = new HashMap<>();
        for (String f : List.of("registry", "street-orders", "weather", "sensors")) {
            Path p = dir.resolve(f + ".ndjson");
            raw.put(f, Lines.read(Files.exists(p) ? p : dir.resolve(f + ".ndjson.gz")));
        }
        List<Facility> registry =
                raw.get("registry").stream().map(Lines::parse).map(Lines::facility).toList();
        Map<String, List<SensorReading>> readings = new HashMap<>();
        long last = Long.MIN_VALUE;
        for (String line : raw.get("sensors")) {
            SensorReading r = Lines.reading(Lines.parse(line));
            readings.computeIfAbsent(r.sensor(), k -> new ArrayList<>()).add(r);
            last = Math.max(last, r.ts());
        }
        List<StreetOrder> orders =
                raw.get("street-orders").stream().map(Lines::parse).map(Lines::order).toList();
        List<WeatherMessage> weather =
                raw.get("weather").stream().map(Lines::parse).map(Lines::weather).toList();
        for (StreetOrder o : orders) {
            last = Math.max(last, o.ts());
        }
        for (WeatherMessage w : weather) {
            last = Math.max(last, w.ts());
        }
        List<JsonNode> truth =
                Lines.read(dir.resolve("truth.ndjson")).stream().map(Lines::parse).toList();
        return new Replay(registry, readings, orders, weather, truth, last, raw);
    }

    /** Every rule evaluated over everything in the files, background included. */
    List<TruthEntry> evaluateAll() {
        return new ReferenceRules(registry)
                .evaluate(readings, orders, weather, lastTs, Simulator.TRUTH_TOLERANCE_MS);
    }

    static List<TruthEntry> entries(List<JsonNode> truth) {
        return truth.stream()
                .map(
                        n ->
                                new TruthEntry(
                                        n.get("rule").asText(),
                                        n.get("subject").asText(),
                                        n.get("earliest").asLong(),
                                        n.get("latest").asLong()))
                .toList();
    }
}
