package io.cityops.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cityops.events.Facility;
import io.cityops.events.FacilityType;
import io.cityops.events.Hazard;
import io.cityops.events.Metric;
import io.cityops.events.OrderCategory;
import io.cityops.events.OrderSource;
import io.cityops.events.SensorReading;
import io.cityops.events.StreetOrder;
import io.cityops.events.WarningLevel;
import io.cityops.events.WeatherMessage;
import io.cityops.events.WeatherObservation;
import io.cityops.events.WeatherWarning;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Reads replay files back with Jackson, independently of the simulator's own JSON writer, and turns
 * contract lines into the events module's records.
 */
final class Lines {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Lines() {}

    static List<String> read(Path file) throws IOException {
        var in = Files.newInputStream(file);
        var stream = file.toString().endsWith(".gz") ? new GZIPInputStream(in) : in;
        try (BufferedReader r =
                new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            return r.lines().toList();
        }
    }

    static JsonNode parse(String line) {
        try {
            return MAPPER.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }

    static Set<String> fields(JsonNode n) {
        Set<String> out = new LinkedHashSet<>();
        Iterator<String> it = n.fieldNames();
        it.forEachRemaining(out::add);
        return out;
    }

    static Facility facility(JsonNode n) {
        return new Facility(
                n.get("id").asText(),
                FacilityType.valueOf(n.get("type").asText()),
                n.get("lat").asDouble(),
                n.get("lon").asDouble(),
                n.get("district").asText(),
                text(n, "street"),
                text(n, "building"),
                n.get("intervalSec").asInt(),
                text(n, "name"));
    }

    static SensorReading reading(JsonNode n) {
        return new SensorReading(
                n.get("sensor").asText(),
                n.get("ts").asLong(),
                Metric.fromWire(n.get("metric").asText()),
                n.get("value").asDouble());
    }

    static StreetOrder order(JsonNode n) {
        return new StreetOrder(
                n.get("id").asText(),
                n.get("ts").asLong(),
                OrderSource.valueOf(n.get("source").asText()),
                OrderCategory.valueOf(n.get("category").asText()),
                n.get("lat").asDouble(),
                n.get("lon").asDouble(),
                n.get("district").asText(),
                text(n, "street"),
                text(n, "address"),
                text(n, "text"));
    }

    static WeatherMessage weather(JsonNode n) {
        if (n.get("kind").asText().equals("OBSERVATION")) {
            return new WeatherObservation(
                    n.get("station").asText(),
                    n.get("ts").asLong(),
                    n.get("rain_mm_1h").asDouble(),
                    n.get("wind_ms").asDouble(),
                    n.get("gust_ms").asDouble(),
                    n.get("temp_c").asDouble());
        }
        List<String> districts = new ArrayList<>();
        n.get("districts").forEach(d -> districts.add(d.asText()));
        return new WeatherWarning(
                n.get("ts").asLong(),
                Hazard.valueOf(n.get("hazard").asText()),
                WarningLevel.valueOf(n.get("level").asText()),
                districts,
                n.get("until").isNull() ? null : n.get("until").asLong());
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
