package io.cityops.dashboards;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes every board to {@code <dir>/<uid>.json} (default deploy/grafana/dashboards, relative to
 * the working directory), where Grafana's file provider reads them. The folder holds only generated
 * boards: a JSON file there that no board produces is removed, so a renamed board does not linger
 * in Grafana. From the repository root:
 *
 * <pre>mvn -q -pl dashboards -am process-classes -Pboards</pre>
 *
 * ({@code -am} compiles the modules this one needs first, so it works from a fresh clone; the
 * module's pom passes the folder, so it writes to the same place from any directory). With the
 * other modules already installed, {@code mvn -q -pl dashboards compile exec:java} does the same.
 */
public final class GenerateBoards {
    public static final Path DEFAULT_DIR = Path.of("deploy", "grafana", "dashboards");

    /** What a run did: the board files written (or already up to date) and the stale removed. */
    public record Written(List<Path> boards, List<Path> removed) {}

    private GenerateBoards() {}

    public static void main(String[] args) throws IOException {
        Path dir = (args.length > 0 ? Path.of(args[0]) : DEFAULT_DIR).normalize();
        Written w = write(dir);
        w.boards().forEach(f -> System.out.println("wrote " + f));
        w.removed().forEach(f -> System.out.println("removed " + f + ": no board has that uid"));
    }

    public static Written write(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> boards = new ArrayList<>();
        for (Board board : Boards.all()) {
            Path file = dir.resolve(fileName(board));
            String json = GrafanaJson.write(board);
            // Rewriting an unchanged file would still make Grafana's provider reload it.
            if (!Files.exists(file)
                    || !Files.readString(file, StandardCharsets.UTF_8).equals(json)) {
                Files.writeString(file, json, StandardCharsets.UTF_8);
            }
            boards.add(file);
        }
        List<Path> removed = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path f : files) {
                if (!boards.contains(f)) {
                    removed.add(f);
                }
            }
        }
        for (Path f : removed) {
            Files.delete(f);
        }
        return new Written(List.copyOf(boards), List.copyOf(removed));
    }

    public static String fileName(Board board) {
        return board.uid() + ".json";
    }
}
