package io.cityops.dispatch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The webhook keys that are done with, one a line in {@code delivered.txt} under the data folder
 * (read back on start), and the deliveries given up on, one JSON object a line in {@code
 * failed.ndjson}. A failed key is done too: it is not tried again after a restart. The files grow
 * by one line per notification; rotating them is left to the operator.
 */
final class DeliveryLog {
    private final Path delivered;
    private final Path failed;
    private final Set<String> done = ConcurrentHashMap.newKeySet();

    DeliveryLog(Path dir) throws IOException {
        Files.createDirectories(dir);
        this.delivered = dir.resolve("delivered.txt");
        this.failed = dir.resolve("failed.ndjson");
        if (Files.exists(delivered)) {
            for (String line : Files.readAllLines(delivered, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    done.add(unescape(line));
                }
            }
        }
    }

    boolean done(String key) {
        return done.contains(key);
    }

    synchronized void delivered(String key) {
        append(delivered, escape(key) + "\n");
        done.add(key);
    }

    synchronized void failed(String key, String url, int tries, String error) {
        append(delivered, escape(key) + "\n");
        done.add(key);
        append(
                failed,
                "{\"key\":"
                        + BrowserJson.quote(key)
                        + ",\"url\":"
                        + BrowserJson.quote(url)
                        + ",\"tries\":"
                        + tries
                        + ",\"error\":"
                        + BrowserJson.quote(error)
                        + ",\"at\":"
                        + System.currentTimeMillis()
                        + "}\n");
    }

    Path failedFile() {
        return failed;
    }

    private static void append(Path file, String line) {
        try {
            Files.writeString(
                    file,
                    line,
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND,
                    StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String escape(String key) {
        return key.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    }

    private static String unescape(String line) {
        StringBuilder b = new StringBuilder(line.length());
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                char n = line.charAt(++i);
                b.append(n == 'n' ? '\n' : n == 'r' ? '\r' : n);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
