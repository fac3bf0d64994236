package io.cityops.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

class DeterminismTest {
    @TempDir Path tmp;

    private static final SimOptions OPTIONS =
            SimOptions.defaults()
                    .facilities(600)
                    .seed(7)
                    .faults(
                            FaultOptions.parse(
                                    "malformed=0.01,unknown=0.002,duplicates=0.05,late=0.002,disorderSec=30"));

    @Test
    void sameSeedWritesAByteIdenticalFolder() throws IOException {
        new Simulator(Scenario.load("rainstorm"), OPTIONS).run().writeTo(tmp.resolve("a"));
        new Simulator(Scenario.load("rainstorm"), OPTIONS).run().writeTo(tmp.resolve("b"));

        List<String> files = names(tmp.resolve("a"));
        assertThat(files)
                .contains(
                        "registry.ndjson",
                        "street-orders.ndjson",
                        "weather.ndjson",
                        "sensors.ndjson",
                        "truth.ndjson",
                        "faults.json");
        assertThat(names(tmp.resolve("b"))).isEqualTo(files);
        for (String f : files) {
            assertThat(Files.readAllBytes(tmp.resolve("b").resolve(f)))
                    .as(f)
                    .isEqualTo(Files.readAllBytes(tmp.resolve("a").resolve(f)));
        }
    }

    @Test
    void gzippedFoldersAreByteIdenticalToo() throws IOException {
        SimOptions gz = OPTIONS.gzip(true).durationMs(3_600_000);
        new Simulator(Scenario.load("gas-leak"), gz).run().writeTo(tmp.resolve("a"));
        new Simulator(Scenario.load("gas-leak"), gz).run().writeTo(tmp.resolve("b"));

        assertThat(names(tmp.resolve("a")))
                .contains("sensors.ndjson.gz")
                .doesNotContain("sensors.ndjson");
        for (String f : names(tmp.resolve("a"))) {
            assertThat(Files.readAllBytes(tmp.resolve("b").resolve(f)))
                    .as(f)
                    .isEqualTo(Files.readAllBytes(tmp.resolve("a").resolve(f)));
        }
    }

    @Test
    void anotherSeedGivesAnotherCity() throws IOException {
        new Simulator(Scenario.load("rainstorm"), OPTIONS).run().writeTo(tmp.resolve("a"));
        new Simulator(Scenario.load("rainstorm"), OPTIONS.seed(8)).run().writeTo(tmp.resolve("b"));

        assertThat(Files.readAllBytes(tmp.resolve("b/registry.ndjson")))
                .isNotEqualTo(Files.readAllBytes(tmp.resolve("a/registry.ndjson")));
    }

    @Test
    void readingsDoNotDependOnWhetherFaultsAreInjected() {
        var clean =
                new Simulator(Scenario.load("rainstorm"), OPTIONS.faults(FaultOptions.NONE)).run();
        var faulty = new Simulator(Scenario.load("rainstorm"), OPTIONS).run();

        assertThat(faulty.truth()).isEqualTo(clean.truth());
        assertThat(faulty.registry()).isEqualTo(clean.registry());
        assertThat(faulty.orders()).isEqualTo(clean.orders());
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
