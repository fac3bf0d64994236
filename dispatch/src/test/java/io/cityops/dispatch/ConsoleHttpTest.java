package io.cityops.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cityops.events.Codec;
import io.cityops.events.DispatchAction;
import io.cityops.events.Incident;
import io.cityops.events.Severity;
import io.cityops.events.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** The console over plain HTTP against a real broker: who may do what, and CSRF. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleHttpTest {
    private static final String PREFIX = "http.";
    private Console console;
    private Incident incident;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        TestKafka.topics(PREFIX);
        incident =
                Fixtures.waterlogging(
                        "WL-310101-0007",
                        Severity.HIGH,
                        System.currentTimeMillis(),
                        "人民路下立交 积水 32 cm");
        Fixtures.publish(PREFIX, incident);
        console = Console.start(Fixtures.config(PREFIX, dir));
    }

    @AfterAll
    void stop() {
        console.close();
    }

    private Map<String, String> ack() {
        return Map.of("id", incident.id(), "action", "ACK");
    }

    @Test
    void viewIsBuiltFromTheTopicBeforeStartReturns() throws Exception {
        HttpResponse<String> r = new WebClient(console.url()).get("/healthz");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("incidents=1");
    }

    @Test
    void pagesNeedASignIn() throws Exception {
        WebClient anon = new WebClient(console.url());
        assertThat(anon.get("/queue").statusCode()).isEqualTo(303);
        assertThat(anon.get("/events").statusCode()).isEqualTo(401);
        assertThat(anon.post("/api/action", ack(), "x").statusCode()).isEqualTo(401);
    }

    @Test
    void wrongPasswordIsRefused() throws Exception {
        assertThat(new WebClient(console.url()).signIn("dispatcher-07", "guess")).isEqualTo(401);
    }

    @Test
    void signInWithoutTheFormsNonceIsRefused() throws Exception {
        HttpResponse<String> r =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(console.url() + "login"))
                                        .header("Content-Type", "application/x-www-form-urlencoded")
                                        .POST(
                                                HttpRequest.BodyPublishers.ofString(
                                                        WebClient.form(
                                                                Map.of(
                                                                        "username",
                                                                        "dispatcher-07",
                                                                        "password",
                                                                        Fixtures.PASSWORD))))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(WebClient.cookie(r, Web.SESSION_COOKIE)).isNull();
    }

    @Test
    void sessionCookieIsHttpOnlyAndSameSiteStrict() throws Exception {
        WebClient c = new WebClient(console.url());
        HttpResponse<String> form = c.get("/login");
        assertThat(form.headers().firstValue("Set-Cookie").orElseThrow())
                .contains("HttpOnly", "SameSite=Strict");
        assertThat(form.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("script-src 'self'");
    }

    @Test
    void postWithoutCsrfTokenIsRefused() throws Exception {
        WebClient c = new WebClient(console.url());
        assertThat(c.signIn("dispatcher-07", Fixtures.PASSWORD)).isEqualTo(303);
        assertThat(c.post("/api/action", ack(), null).statusCode()).isEqualTo(403);
        assertThat(c.post("/api/action", ack(), "not-the-token").statusCode()).isEqualTo(403);
        assertThat(c.post("/logout", Map.of(), null).statusCode()).isEqualTo(403);
        assertThat(acksOn(incident.id())).isZero();
    }

    @Test
    void postFromAnotherSiteIsRefused() throws Exception {
        WebClient c = new WebClient(console.url());
        c.signIn("dispatcher-07", Fixtures.PASSWORD);
        HttpResponse<String> r =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(console.url() + "api/action"))
                                        .header("Content-Type", "application/x-www-form-urlencoded")
                                        .header("Cookie", Web.SESSION_COOKIE + "=" + c.session)
                                        .header(Web.CSRF_HEADER, c.csrf)
                                        .header("Origin", "http://evil.example")
                                        .POST(
                                                HttpRequest.BodyPublishers.ofString(
                                                        WebClient.form(ack())))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(403);
    }

    @Test
    void viewerIsRefusedEvenWithItsToken() throws Exception {
        WebClient v = new WebClient(console.url());
        assertThat(v.signIn("viewer", Fixtures.PASSWORD)).isEqualTo(303);
        HttpResponse<String> r = v.post("/api/action", ack(), v.csrf);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("viewer cannot act");
    }

    @Test
    void refusesWhatTheLifecycleDoesNotAllowAndAssignWithoutAssignee() throws Exception {
        WebClient c = new WebClient(console.url());
        c.signIn("dispatcher-07", Fixtures.PASSWORD);
        assertThat(
                        c.post(
                                        "/api/action",
                                        Map.of("id", incident.id(), "action", "CLOSE"),
                                        c.csrf)
                                .statusCode())
                .isEqualTo(409);
        assertThat(
                        c.post(
                                        "/api/action",
                                        Map.of("id", incident.id(), "action", "ASSIGN"),
                                        c.csrf)
                                .statusCode())
                .isEqualTo(400);
        assertThat(
                        c.post("/api/action", Map.of("id", "NOPE:x:1", "action", "ACK"), c.csrf)
                                .statusCode())
                .isEqualTo(404);
    }

    @Test
    void withTheTokenTheActionGoesToKafka() throws Exception {
        WebClient c = new WebClient(console.url());
        c.signIn("supervisor-310101", Fixtures.PASSWORD);
        long before = System.currentTimeMillis();
        HttpResponse<String> r =
                c.post(
                        "/api/action",
                        Map.of("id", incident.id(), "action", "ASSIGN", "assignee", "黄浦排水所"),
                        c.csrf);
        assertThat(r.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(
                        () -> {
                            var records =
                                    TestKafka.readAll(PREFIX + Stream.DISPATCH_ACTIONS.topic());
                            assertThat(records)
                                    .anySatisfy(
                                            rec -> {
                                                assertThat(rec.key()).isEqualTo(incident.id());
                                                DispatchAction a =
                                                        Codec.decodeDispatchAction(rec.value())
                                                                .value();
                                                assertThat(a.assignee()).isEqualTo("黄浦排水所");
                                                assertThat(a.by()).isEqualTo("supervisor-310101");
                                                assertThat(a.ts())
                                                        .isBetween(
                                                                before, System.currentTimeMillis());
                                            });
                        });
    }

    /** ACKs sent on the incident (the other tests send an ASSIGN only). */
    private static long acksOn(String id) throws Exception {
        return TestKafka.readAll(PREFIX + Stream.DISPATCH_ACTIONS.topic()).stream()
                .filter(r -> id.equals(r.key()) && r.value().contains("\"action\":\"ACK\""))
                .count();
    }
}
