package io.cityops.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The boards in deploy/grafana/dashboards are what the code generates now: a board changed in Java
 * but not regenerated fails the build, before Grafana ever shows the old one.
 */
class CommittedBoardsTest {
    static final String REGENERATE = "mvn -q -pl dashboards -am process-classes -Pboards";

    static final Path REPOSITORY =
            Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("..").normalize();
    private static final Path DIR = REPOSITORY.resolve(GenerateBoards.DEFAULT_DIR);

    @Test
    void committedBoardsAreWhatTheGeneratorWritesNow() throws IOException {
        for (Board board : Boards.all()) {
            Path file = DIR.resolve(GenerateBoards.fileName(board));
            assertThat(file)
                    .as("%s is missing: run %s from the repository root", file, REGENERATE)
                    .exists();
            assertThat(Files.readString(file, StandardCharsets.UTF_8))
                    .as(
                            "%s is stale: run %s from the repository root and commit the result",
                            file, REGENERATE)
                    .isEqualTo(GrafanaJson.write(board));
        }
    }

    @Test
    void noBoardFileOutlivesItsBoard() throws IOException {
        List<String> expected =
                Boards.all().stream().map(GenerateBoards::fileName).sorted().toList();
        try (Stream<Path> files = Files.list(DIR)) {
            assertThat(files.map(f -> f.getFileName().toString()).sorted().toList())
                    .as("files in %s; run %s to remove stale ones", DIR, REGENERATE)
                    .isEqualTo(expected);
        }
    }

    @Test
    void boardsKeepTheirUids() {
        // Bookmarks, links from the console and alerts address a board by uid: renaming one breaks
        // them, so a change here must be deliberate.
        assertThat(Boards.all().stream().map(Board::uid))
                .containsExactly(
                        "cityops-overview",
                        "cityops-dispatch",
                        "cityops-sensors",
                        "cityops-pipeline")
                .doesNotHaveDuplicates();
    }

    @Test
    void generatingTwiceGivesTheSameBytes() {
        for (Board board : Boards.all()) {
            assertThat(GrafanaJson.write(board))
                    .isEqualTo(GrafanaJson.write(board))
                    .endsWith("}\n");
        }
    }

    @Test
    void generatorWritesEveryBoardAndRemovesStaleFiles(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("cityops-old.json"), "{}\n");

        GenerateBoards.Written w = GenerateBoards.write(dir);

        assertThat(w.removed()).containsExactly(dir.resolve("cityops-old.json"));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrder(
                            "cityops-overview.json",
                            "cityops-dispatch.json",
                            "cityops-sensors.json",
                            "cityops-pipeline.json");
        }
    }
}
