package io.cityops.dispatch;

import com.sun.net.httpserver.HttpServer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The dispatcher console: a web server over a view of {@code city.incidents} that it rebuilds from
 * the compacted topic on every start, sending people's actions to {@code city.dispatch-actions} and
 * telling departments' webhooks of new incidents and escalations.
 *
 * <p>Programmatic use (the demo, the tests): {@code try (Console c = Console.start(config)) { ...
 * c.url() ... }}. {@link #start} returns once the view holds every incident the topic held.
 *
 * <p>Command line: {@code cityops console --kafka HOST:PORT [--port 8090] [--users FILE]
 * [--webhooks FILE] [--data DIR] [--bind ADDRESS]}. Without {@code --users} it uses {@code
 * DATA/users.txt}, and writes one with a viewer, a dispatcher and a supervisor and fresh random
 * passwords (printed once) when there is none.
 */
public final class Console implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Console.class);

    static final List<String> FLAGS =
            List.of("--kafka", "--port", "--users", "--webhooks", "--data", "--bind");

    private final HttpServer server;
    private final ExecutorService pool;
    private final IncidentFeed feed;
    private final ActionPublisher actions;
    private final Webhooks webhooks;
    private final Web web;
    private final String url;
    private final CityTimeClock cityTime;

    private Console(
            HttpServer server,
            ExecutorService pool,
            IncidentFeed feed,
            ActionPublisher actions,
            Webhooks webhooks,
            Web web,
            String url,
            CityTimeClock cityTime) {
        this.cityTime = cityTime;
        this.server = server;
        this.pool = pool;
        this.feed = feed;
        this.actions = actions;
        this.webhooks = webhooks;
        this.web = web;
        this.url = url;
    }

    /** Builds the view from Kafka, then serves; throws with a one-line reason if it cannot. */
    public static Console start(ConsoleConfig config) throws Exception {
        config.validate();
        Users users = Users.load(config.usersFile());
        WebhookConfig hooks =
                config.webhooksFile() == null
                        ? WebhookConfig.none()
                        : WebhookConfig.load(config.webhooksFile());
        IncidentView view = new IncidentView();
        Webhooks webhooks =
                new Webhooks(
                        hooks,
                        view,
                        new DeliveryLog(config.dataDir().resolve("webhooks")),
                        config.webhookTries(),
                        config.webhookBackoff());
        view.subscribe(webhooks, () -> null);
        IncidentFeed feed = new IncidentFeed(config, view);
        ActionPublisher actions = null;
        CityTimeClock cityTime = null;
        HttpServer server = null;
        ExecutorService pool = null;
        try {
            feed.start();
            actions = new ActionPublisher(config);
            // Sessions expire on the wall clock; actions and deadlines live in the city's time.
            // A test that sets its own clock gets it as both.
            if (config.clock().equals(Clock.systemUTC())) {
                cityTime = new CityTimeClock(config.kafka(), config.clockTopic(), config.clock());
            }
            Web web =
                    new Web(
                            users,
                            new Sessions(config.clock(), config.sessionIdle()),
                            view,
                            actions,
                            cityTime == null ? config.clock() : cityTime);
            server =
                    HttpServer.create(
                            new InetSocketAddress(config.bindAddress(), config.port()), 64);
            AtomicInteger n = new AtomicInteger();
            pool =
                    Executors.newCachedThreadPool(
                            r -> {
                                Thread t = new Thread(r, "console-http-" + n.incrementAndGet());
                                t.setDaemon(true);
                                return t;
                            });
            server.setExecutor(pool);
            web.register(server);
            server.start();
            String host =
                    config.bindAddress().contains(":")
                            ? "[" + config.bindAddress() + "]"
                            : config.bindAddress();
            String url = "http://" + host + ":" + server.getAddress().getPort() + "/";
            LOG.info("console at {} with {} incidents", url, view.size());
            return new Console(server, pool, feed, actions, webhooks, web, url, cityTime);
        } catch (Exception e) {
            if (server != null) {
                server.stop(0);
            }
            if (pool != null) {
                pool.shutdownNow();
            }
            if (actions != null) {
                actions.close();
            }
            if (cityTime != null) {
                cityTime.close();
            }
            feed.close();
            webhooks.close();
            throw e;
        }
    }

    /** The console's address, ending in {@code /}: {@code http://127.0.0.1:8090/}. */
    public String url() {
        return url;
    }

    /** Webhook notifications delivered, retried and given up on since start. */
    public long webhooksDelivered() {
        return webhooks.delivered.get();
    }

    public long webhooksRetried() {
        return webhooks.retried.get();
    }

    public long webhooksFailed() {
        return webhooks.failed.get();
    }

    @Override
    public void close() {
        web.close();
        server.stop(0);
        pool.shutdownNow();
        actions.close();
        try {
            feed.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        webhooks.close();
        if (cityTime != null) {
            cityTime.close();
        }
    }

    /**
     * Writes a users file with a viewer, a dispatcher and a supervisor of the whole city and random
     * passwords; returns username → password, to be shown once. For the demo.
     */
    public static Map<String, String> generateUsers(Path file) throws java.io.IOException {
        return Users.generate(file, Passwords.DEFAULT_ITERATIONS);
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(List.of(args)));
    }

    /** {@code cityops console ...}: serves until the process is stopped. */
    public static int run(List<String> args) throws Exception {
        java.util.Map<String, String> f = new java.util.LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!FLAGS.contains(a)) {
                throw new IllegalArgumentException(
                        "unknown flag '" + a + "'; it takes " + String.join(" ", FLAGS));
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(a + " needs a value");
            }
            f.put(a, args.get(++i));
        }
        if (!f.containsKey("--kafka")) {
            throw new IllegalArgumentException("--kafka HOST:PORT is required");
        }
        Path data = Path.of(f.getOrDefault("--data", ".cityops/console"));
        Path usersFile;
        if (f.containsKey("--users")) {
            usersFile = Path.of(f.get("--users"));
        } else {
            usersFile = data.resolve("users.txt");
            if (!Files.exists(usersFile)) {
                Map<String, String> passwords = generateUsers(usersFile);
                System.out.println("console: wrote " + usersFile + " with new passwords:");
                passwords.forEach((u, p) -> System.out.println("  " + u + "  " + p));
            }
        }
        int port;
        try {
            port = Integer.parseInt(f.getOrDefault("--port", "" + ConsoleConfig.DEFAULT_PORT));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port takes a number, got " + f.get("--port"));
        }
        ConsoleConfig config =
                ConsoleConfig.defaults(f.get("--kafka"), usersFile)
                        .withPort(port)
                        .withDataDir(data)
                        .withBindAddress(f.getOrDefault("--bind", "127.0.0.1"))
                        .withWebhooks(
                                f.containsKey("--webhooks") ? Path.of(f.get("--webhooks")) : null);
        Console c = start(config);
        System.out.println("console: " + c.url() + "  (Ctrl-C to stop)");
        Runtime.getRuntime().addShutdownHook(new Thread(c::close, "console-stop"));
        Thread.currentThread().join();
        return 0;
    }
}
