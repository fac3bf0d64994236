package io.cityops.job.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cityops.events.Codec;
import io.cityops.events.DeadLetter;
import io.cityops.events.Incident;
import io.cityops.events.Reasons;
import io.cityops.job.JobConfig;
import io.cityops.job.testing.SharedCluster;
import io.cityops.job.testing.TruthCheck;
import io.cityops.sim.FaultOptions;
import io.cityops.sim.FaultReport;
import io.cityops.sim.Scenario;
import io.cityops.sim.SimOptions;
import io.cityops.sim.SimulationRun;
import io.cityops.sim.Simulator;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The contract's replay verb on a rainstorm with every kind of fault injected: the same files at
 * parallelism 1, 2 and 4, each bad line in the dead letter with its reason, and the ground truth
 * met all the same.
 */
class ReplayTest {
    @TempDir static Path dir;
    static Path folder;
    static SimulationRun run;
    static final Map<Integer, Path> incidentFiles = new TreeMap<>();

    @BeforeAll
    static void replayAtParallelism1_2And4() throws Exception {
        folder = dir.resolve("rainstorm");
        run =
                new Simulator(
                                Scenario.load("rainstorm"),
                                SimOptions.defaults()
                                        .facilities(600)
                                        .seed(11)
                                        .faults(
                                                FaultOptions.parse(
                                                        "malformed=0.002,unknown=0.001,duplicates=0.05,late=0.002,disorderSec=120")))
                        .run();
        run.writeTo(folder);
        for (int p : new int[] {1, 2, 4}) {
            Path out = dir.resolve("incidents-p" + p + ".ndjson");
            Replay.run(folder, out, JobConfig.defaults().withParallelism(p), SharedCluster.env(p));
            incidentFiles.put(p, out);
        }
    }

    @Test
    void writesByteIdenticalFilesAtParallelism1_2And4() throws Exception {
        Path one = incidentFiles.get(1);
        assertThat(Files.size(one)).isPositive();
        for (int p : new int[] {2, 4}) {
            Path other = incidentFiles.get(p);
            assertThat(Files.mismatch(one, other))
                    .as("incidents at parallelism %d", p)
                    .isEqualTo(-1L);
            assertThat(Files.mismatch(rejected(one), rejected(other)))
                    .as("rejected input at parallelism %d", p)
                    .isEqualTo(-1L);
        }
    }

    @Test
    void writesOneLinePerIncidentSortedById() throws Exception {
        List<String> ids =
                Files.readAllLines(incidentFiles.get(2)).stream()
                        .map(l -> Codec.decodeIncident(l).value().id())
                        .toList();
        assertThat(ids).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void deadLettersEveryMalformedLineAndUnknownSensorWithItsReason() throws Exception {
        Map<String, Long> byReason =
                Files.readAllLines(rejected(incidentFiles.get(2))).stream()
                        .map(l -> Codec.decodeDeadLetter(l).value())
                        .collect(
                                Collectors.groupingBy(
                                        DeadLetter::reason, TreeMap::new, Collectors.counting()));
        FaultReport faults = run.faults();
        for (String reason :
                List.of(
                        Reasons.INVALID_JSON,
                        Reasons.MISSING_FIELD,
                        Reasons.WRONG_TYPE,
                        Reasons.UNKNOWN_SENSOR)) {
            assertThat(faults.count(reason)).as("faults injected: %s", reason).isPositive();
            assertThat(byReason.getOrDefault(reason, 0L))
                    .as("dead letters: %s", reason)
                    .isEqualTo(faults.count(reason));
        }
        // Readings held back by up to 120 s, and repeated street orders sent up to 120 s after
        // the first: those more than the 30 s bound behind their stream are late.
        Map<String, Long> lateByStream =
                Files.readAllLines(rejected(incidentFiles.get(2))).stream()
                        .map(l -> Codec.decodeDeadLetter(l).value())
                        .filter(d -> d.reason().equals(Reasons.LATE))
                        .collect(
                                Collectors.groupingBy(
                                        DeadLetter::stream, TreeMap::new, Collectors.counting()));
        assertThat(lateByStream.getOrDefault("sensors", 0L))
                .isPositive()
                .isLessThanOrEqualTo(faults.count(FaultReport.LATE, "sensors"));
        assertThat(lateByStream.getOrDefault("street-orders", 0L))
                .isLessThanOrEqualTo(faults.count(FaultReport.DUPLICATE, "street-orders"));
        assertThat(lateByStream.keySet()).isSubsetOf("sensors", "street-orders");
        assertThat(byReason.keySet())
                .containsOnly(
                        Reasons.INVALID_JSON,
                        Reasons.MISSING_FIELD,
                        Reasons.WRONG_TYPE,
                        Reasons.UNKNOWN_SENSOR,
                        Reasons.LATE);
    }

    @Test
    void meetsTheGroundTruthDespiteTheFaults() throws Exception {
        List<Incident> incidents =
                Files.readAllLines(incidentFiles.get(2)).stream()
                        .map(l -> Codec.decodeIncident(l).value())
                        .toList();
        assertThat(TruthCheck.of("rainstorm+faults", run.truth(), incidents).problems()).isEmpty();
    }

    @Test
    void refusesAFolderThatDoesNotExist() {
        assertThatThrownBy(
                        () ->
                                Replay.run(
                                        dir.resolve("nowhere"),
                                        dir.resolve("x.ndjson"),
                                        JobConfig.defaults(),
                                        SharedCluster.env(1)))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("nowhere");
    }

    static Path rejected(Path incidents) {
        return Path.of(incidents + ".rejected");
    }
}
