package io.cityops.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

import io.cityops.events.Reasons;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Injected faults are counted exactly, as a monitor's dead letter would count them. */
class FaultsTest {
    @TempDir Path dir;

    @Test
    void faultsJsonCountsEveryInjectedFaultByKind() throws IOException {
        FaultOptions f =
                FaultOptions.parse(
                        "malformed=0.01,unknown=0.005,duplicates=0.05,late=0.005,disorderSec=30");
        SimulationRun run =
                new Simulator(
                                Scenario.load("rainstorm"),
                                SimOptions.defaults().facilities(500).seed(3).faults(f))
                        .run();
        run.writeTo(dir);
        JsonNode report =
                Lines.parse(Lines.read(dir.resolve("faults.json")).get(0)).get("injected");

        Set<String> known = new HashSet<>();
        run.registry().forEach(x -> known.add(x.id()));
        Map<String, Long> seen = new HashMap<>();
        for (String stream : List.of("street-orders", "weather", "sensors")) {
            Set<String> ids = new HashSet<>();
            long prev = Long.MIN_VALUE;
            long maxLag = 0;
            for (String line : Lines.read(dir.resolve(stream + ".ndjson"))) {
                String kind = classify(line, stream);
                if (kind != null) {
                    seen.merge(kind, 1L, Long::sum);
                    continue;
                }
                JsonNode n = Lines.parse(line);
                if (stream.equals("sensors") && !known.contains(n.get("sensor").asText())) {
                    seen.merge(Reasons.UNKNOWN_SENSOR, 1L, Long::sum);
                }
                if (stream.equals("street-orders") && !ids.add(n.get("id").asText())) {
                    seen.merge(FaultReport.DUPLICATE, 1L, Long::sum);
                }
                long ts = n.get("ts").asLong();
                maxLag = prev == Long.MIN_VALUE ? 0 : Math.max(maxLag, prev - ts);
                prev = Math.max(prev, ts);
            }
            assertThat(maxLag).as("disorder in " + stream).isLessThanOrEqualTo(30_000);
        }
        for (String kind : FaultReport.KINDS) {
            if (!kind.equals(FaultReport.LATE)) {
                assertThat(seen.getOrDefault(kind, 0L))
                        .as(kind)
                        .isEqualTo(report.get(kind).asLong());
            }
            assertThat(report.get(kind).asLong()).as(kind).isPositive();
        }
        assertThat(run.faults().deadLetters())
                .isEqualTo(
                        report.get(Reasons.INVALID_JSON).asLong()
                                + report.get(Reasons.MISSING_FIELD).asLong()
                                + report.get(Reasons.WRONG_TYPE).asLong()
                                + report.get(Reasons.UNKNOWN_SENSOR).asLong());
    }

    @Test
    void faultsAreOffByDefault() throws IOException {
        SimulationRun run =
                new Simulator(
                                Scenario.load("elevator-entrapment"),
                                SimOptions.defaults().facilities(300))
                        .run();
        run.writeTo(dir);

        assertThat(run.faults().deadLetters()).isZero();
        for (String line : Lines.read(dir.resolve("sensors.ndjson"))) {
            assertThat(classify(line, "sensors")).isNull();
        }
    }

    /**
     * The dead-letter reason a line deserves for its form alone, or null when it is well formed.
     */
    static String classify(String line, String stream) {
        JsonNode n;
        try {
            n = Lines.MAPPER.readTree(line);
        } catch (IOException e) {
            return Reasons.INVALID_JSON;
        }
        if (n == null || !n.isObject()) {
            return Reasons.INVALID_JSON;
        }
        List<String> required =
                switch (stream) {
                    case "sensors" -> List.of("sensor", "ts", "metric", "value");
                    case "street-orders" ->
                            List.of("id", "ts", "source", "category", "lat", "lon", "district");
                    default ->
                            n.path("kind").asText().equals("WARNING")
                                    ? List.of("kind", "ts", "hazard", "level")
                                    : List.of("kind", "station", "ts");
                };
        for (String field : required) {
            if (!n.has(field) || n.get(field).isNull()) {
                return Reasons.MISSING_FIELD;
            }
        }
        if (!n.get("ts").isIntegralNumber() || (n.has("value") && !n.get("value").isNumber())) {
            return Reasons.WRONG_TYPE;
        }
        return null;
    }

    @Test
    void parsesTheFaultSpecAndRejectsNonsenseWithTheValue() {
        FaultOptions f =
                FaultOptions.parse(
                        "malformed=0.01,unknown=0.001,duplicates=0.01,late=0.001,disorderSec=45");
        assertThat(f).isEqualTo(new FaultOptions(0.01, 0.001, 0.01, 0.001, 45));
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> FaultOptions.parse("malformed=lots"))
                .hasMessageContaining("malformed=lots");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> FaultOptions.parse("gremlins=0.1"))
                .hasMessageContaining("gremlins");
    }
}
