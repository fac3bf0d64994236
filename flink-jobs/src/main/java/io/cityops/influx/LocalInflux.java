package io.cityops.influx;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code influxd} (Debian's {@code influxdb} package, 1.x) started as a child process on
 * loopback, for the demo and the tests. Its data lives in a folder of the caller's; {@link #close}
 * stops it.
 */
public final class LocalInflux implements AutoCloseable {
    /** Where Debian installs it. */
    public static final Path INFLUXD = Path.of("/usr/bin/influxd");

    private final Process process;
    private final String url;

    private LocalInflux(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    /** The installed {@code influxd}, if there is one. */
    public static Optional<Path> installed() {
        if (Files.isExecutable(INFLUXD)) {
            return Optional.of(INFLUXD);
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(":")) {
                Path p = Path.of(dir, "influxd");
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Starts {@code influxd} on {@code port} (0: any free port) with its data under {@code
     * dataDir}, and waits until it answers {@code /ping}.
     */
    public static LocalInflux start(Path dataDir, int port) throws IOException {
        Path influxd =
                installed()
                        .orElseThrow(
                                () ->
                                        new IOException(
                                                "influxd is not installed; on Debian: apt-get install influxdb"));
        Path dir = dataDir.toAbsolutePath();
        Files.createDirectories(dir);
        int httpPort = port == 0 ? freePort() : port;
        int rpcPort = freePort();
        Path conf = dir.resolve("influxdb.conf");
        Files.writeString(
                conf,
                String.join(
                        "\n",
                        "# Written by CityOps' LocalInflux.",
                        "reporting-disabled = true",
                        "bind-address = \"127.0.0.1:" + rpcPort + "\"",
                        "[meta]",
                        "  dir = \"" + dir.resolve("meta") + "\"",
                        "[data]",
                        "  dir = \"" + dir.resolve("data") + "\"",
                        "  wal-dir = \"" + dir.resolve("wal") + "\"",
                        "  query-log-enabled = false",
                        "[http]",
                        "  bind-address = \"127.0.0.1:" + httpPort + "\"",
                        "  log-enabled = false",
                        "[monitor]",
                        "  store-enabled = false",
                        ""));
        Process p =
                new ProcessBuilder(influxd.toString(), "-config", conf.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("influxd.log").toFile())
                        .start();
        LocalInflux influx = new LocalInflux(p, "http://127.0.0.1:" + httpPort);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!influx.ping()) {
            if (!p.isAlive()) {
                throw new IOException(
                        "influxd exited with "
                                + p.exitValue()
                                + "; see "
                                + dir.resolve("influxd.log"));
            }
            if (System.nanoTime() > deadline) {
                influx.close();
                throw new IOException(
                        "influxd did not answer on "
                                + influx.url
                                + " within 30 s; see "
                                + dir.resolve("influxd.log"));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                influx.close();
                throw new IOException("interrupted while starting influxd", e);
            }
        }
        return influx;
    }

    /** Its HTTP API, e.g. {@code http://127.0.0.1:8086}. */
    public String url() {
        return url;
    }

    boolean ping() {
        try {
            HttpURLConnection c =
                    (HttpURLConnection) URI.create(url + "/ping").toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(1000);
            int code = c.getResponseCode();
            c.disconnect();
            return code == 204;
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops the process: SIGTERM, then SIGKILL after ten seconds. */
    public void stop() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    @Override
    public void close() {
        stop();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
