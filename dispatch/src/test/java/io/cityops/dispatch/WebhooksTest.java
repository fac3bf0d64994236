package io.cityops.dispatch;

import static io.cityops.dispatch.Fixtures.MIN;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;

import io.cityops.events.Incident;
import io.cityops.events.IncidentStatus;
import io.cityops.events.Severity;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Department webhooks against a local receiver, with the console reading a real broker. */
class WebhooksTest {
    private static final AtomicInteger RUN = new AtomicInteger();
    private static final String SECRET = "drainage-secret";

    record Hit(String path, String delivery, String signature, String body) {}

    private HttpServer receiver;
    private final List<Hit> hits = new CopyOnWriteArrayList<>();

    /** Path → how many more requests on it answer 500 before it answers 200. */
    private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();

    private String prefix;
    private ConsoleConfig config;

    @BeforeEach
    void start(@TempDir Path dir) throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext(
                "/",
                ex -> {
                    byte[] body = ex.getRequestBody().readAllBytes();
                    String path = ex.getRequestURI().getPath();
                    hits.add(
                            new Hit(
                                    path,
                                    ex.getRequestHeaders().getFirst("X-CityOps-Delivery"),
                                    ex.getRequestHeaders().getFirst("X-CityOps-Signature"),
                                    new String(body, StandardCharsets.UTF_8)));
                    AtomicInteger f = failures.get(path);
                    int status = f != null && f.getAndDecrement() > 0 ? 500 : 200;
                    ex.sendResponseHeaders(status, -1);
                    ex.close();
                });
        receiver.start();
        String base = "http://127.0.0.1:" + receiver.getAddress().getPort();
        Path hooks = dir.resolve("webhooks.properties");
        Files.writeString(
                hooks,
                "DRAINAGE.url="
                        + base
                        + "/drainage\n"
                        + "DRAINAGE.secret="
                        + SECRET
                        + "\n"
                        + "ROADS.url="
                        + base
                        + "/roads\n"
                        + "ROADS.secret=roads-secret\n");
        prefix = "hooks" + RUN.incrementAndGet() + ".";
        TestKafka.topics(prefix);
        config = Fixtures.config(prefix, dir).withWebhooks(hooks);
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
    }

    private List<Hit> on(String path) {
        return hits.stream().filter(h -> h.path().equals(path)).toList();
    }

    @Test
    void signsEachNewIncidentAndRetriesAfterA500() throws Exception {
        failures.put("/drainage", new AtomicInteger(2));
        try (Console console = Console.start(config)) {
            Incident i =
                    Fixtures.waterlogging(
                            "WL-310101-0007",
                            Severity.HIGH,
                            System.currentTimeMillis(),
                            "积水 32 cm");
            Fixtures.publish(prefix, i);
            await().atMost(Duration.ofSeconds(20)).until(() -> console.webhooksDelivered() == 1);
            List<Hit> drainage = on("/drainage");
            assertThat(drainage).hasSize(3); // 500, 500, 200
            assertThat(console.webhooksRetried()).isEqualTo(2);
            Hit last = drainage.get(2);
            assertThat(last.signature()).isEqualTo(Webhooks.signature(SECRET, last.body()));
            assertThat(last.signature()).isNotEqualTo(Webhooks.signature("wrong", last.body()));
            assertThat(last.body())
                    .startsWith("{\"event\":\"incident\",\"department\":\"DRAINAGE\"")
                    .contains("\"id\":\"" + i.id() + "\"");
            assertThat(last.delivery()).isEqualTo("incident|" + i.id() + "|DRAINAGE");
            assertThat(on("/roads")).isEmpty();

            // A later version of a known incident is not new: no second notification.
            Fixtures.publish(prefix, Fixtures.next(i, IncidentStatus.ACKNOWLEDGED));
            String esc =
                    "{\"incident\":\""
                            + i.id()
                            + "\",\"district\":\"310101\",\"kind\":\"ACK\",\"at\":"
                            + (i.ackBy())
                            + ",\"severity\":\"CRITICAL\",\"target\":\"supervisor-310101\"}";
            TestKafka.publish(prefix + ConsoleConfig.ESCALATIONS_TOPIC, i.id(), esc);
            await().atMost(Duration.ofSeconds(20)).until(() -> console.webhooksDelivered() == 2);
            Hit e = on("/drainage").get(3);
            assertThat(e.body())
                    .startsWith("{\"event\":\"escalation\"")
                    .contains("\"kind\":\"ACK\"");
            assertThat(e.signature()).isEqualTo(Webhooks.signature(SECRET, e.body()));
            Thread.sleep(500);
            assertThat(on("/drainage")).hasSize(4);
        }
    }

    @Test
    void aRestartedConsoleDoesNotNotifyTheSameIncidentAgain() throws Exception {
        Incident first =
                Fixtures.waterlogging(
                        "WL-310101-0001", Severity.HIGH, System.currentTimeMillis(), "积水");
        try (Console console = Console.start(config)) {
            Fixtures.publish(prefix, first);
            await().atMost(Duration.ofSeconds(20)).until(() -> console.webhooksDelivered() == 1);
        }
        try (Console again = Console.start(config)) {
            // The rebuilt view holds `first` again; a new incident shows the webhooks still work.
            Incident second =
                    Fixtures.waterlogging(
                            "WL-310101-0002", Severity.HIGH, System.currentTimeMillis(), "积水");
            Fixtures.publish(prefix, second);
            await().atMost(Duration.ofSeconds(20)).until(() -> again.webhooksDelivered() == 1);
            Thread.sleep(500);
            assertThat(on("/drainage"))
                    .extracting(Hit::delivery)
                    .containsExactly(
                            "incident|" + first.id() + "|DRAINAGE",
                            "incident|" + second.id() + "|DRAINAGE");
        }
    }

    @Test
    void anIncidentFoundOnStartIsToldOnceIfNoConsoleToldItBefore() throws Exception {
        Incident waiting =
                Fixtures.waterlogging(
                        "WL-310101-0009",
                        Severity.MEDIUM,
                        System.currentTimeMillis() - 10 * MIN,
                        "积水");
        Fixtures.publish(prefix, waiting);
        Incident closed =
                Fixtures.next(
                        Fixtures.waterlogging(
                                "WL-310101-0010",
                                Severity.MEDIUM,
                                System.currentTimeMillis() - 90 * MIN,
                                "积水"),
                        IncidentStatus.CLOSED);
        Fixtures.publish(prefix, closed);
        try (Console console = Console.start(config)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> console.webhooksDelivered() == 1);
            Thread.sleep(500);
            assertThat(on("/drainage"))
                    .extracting(Hit::delivery)
                    .containsExactly("incident|" + waiting.id() + "|DRAINAGE");
        }
    }

    @Test
    void givesUpAfterTheLastTryAndRecordsTheFailure() throws Exception {
        failures.put("/drainage", new AtomicInteger(Integer.MAX_VALUE));
        try (Console console = Console.start(config)) {
            Incident i =
                    Fixtures.waterlogging(
                            "WL-310101-0005", Severity.HIGH, System.currentTimeMillis(), "积水");
            Fixtures.publish(prefix, i);
            await().atMost(Duration.ofSeconds(20)).until(() -> console.webhooksFailed() == 1);
            assertThat(on("/drainage")).hasSize(5);
            assertThat(console.webhooksDelivered()).isZero();
            String failed =
                    Files.readString(config.dataDir().resolve("webhooks").resolve("failed.ndjson"));
            assertThat(failed)
                    .contains("incident|" + i.id() + "|DRAINAGE", "\"tries\":5", "HTTP 500");
        }
    }
}
