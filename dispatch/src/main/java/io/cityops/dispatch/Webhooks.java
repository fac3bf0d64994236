package io.cityops.dispatch;

import io.cityops.events.Incident;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tells departments of new incidents and escalations: a JSON POST signed with the department's
 * secret ({@code X-CityOps-Signature: sha256=<hex HMAC-SHA256 of the body>}), tried up to {@code
 * tries} times with a doubling wait, then recorded as failed. Each notification has a key ({@code
 * X-CityOps-Delivery}); keys delivered or given up on are remembered in the data folder, so a
 * restarted console sends none of them again. A delivery still being retried when the console stops
 * is tried again after the restart, so a receiver should dedupe on the key.
 *
 * <p>What counts as new: an incident the console sees for the first time while it is active (not
 * RESOLVED, CLOSED or SUPPRESSED). While the view is first built on start, nothing is sent; once it
 * is built, every active incident and every escalation of an active incident is offered, and the
 * remembered keys hold back the ones told before.
 */
final class Webhooks implements IncidentView.Listener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Webhooks.class);

    private final WebhookConfig config;
    private final IncidentView view;
    private final DeliveryLog log;
    private final int tries;
    private final Duration backoff;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService exec =
            Executors.newScheduledThreadPool(
                    2,
                    r -> {
                        Thread t = new Thread(r, "console-webhooks");
                        t.setDaemon(true);
                        return t;
                    });
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    final AtomicLong delivered = new AtomicLong();
    final AtomicLong retried = new AtomicLong();
    final AtomicLong failed = new AtomicLong();

    Webhooks(
            WebhookConfig config, IncidentView view, DeliveryLog log, int tries, Duration backoff) {
        this.config = config;
        this.view = view;
        this.log = log;
        this.tries = tries;
        this.backoff = backoff;
    }

    @Override
    public void on(IncidentView.Change change) {
        if (config.targets().isEmpty()) {
            return;
        }
        if (change instanceof IncidentView.CaughtUp) {
            view.incidents().stream().filter(i -> i.status().isActive()).forEach(this::incident);
            view.escalations().forEach(this::escalation);
        } else if (change instanceof IncidentView.IncidentChanged c) {
            if (c.firstSeen() && view.caughtUp() && c.incident().status().isActive()) {
                incident(c.incident());
            }
        } else if (change instanceof IncidentView.EscalationRaised e && view.caughtUp()) {
            escalation(e.escalation());
        }
    }

    private void incident(Incident i) {
        String json = view.json(i.id()).orElseThrow();
        for (String dept : i.departments()) {
            String body =
                    "{\"event\":\"incident\",\"department\":"
                            + quote(dept)
                            + ",\"incident\":"
                            + json
                            + "}";
            offer("incident|" + i.id() + "|" + dept, "incident", dept, body);
        }
    }

    private void escalation(Escalation e) {
        Incident i = view.get(e.incident()).orElse(null);
        if (i == null || !i.status().isActive()) {
            return;
        }
        String json = view.json(i.id()).orElseThrow();
        for (String dept : i.departments()) {
            String body =
                    "{\"event\":\"escalation\",\"department\":"
                            + quote(dept)
                            + ",\"escalation\":"
                            + BrowserJson.escalation(e)
                            + ",\"incident\":"
                            + json
                            + "}";
            offer(e.key() + "|" + dept, "escalation", dept, body);
        }
    }

    private void offer(String key, String event, String dept, String body) {
        WebhookConfig.Target target = config.targets().get(dept);
        if (target == null || log.done(key) || !inFlight.add(key)) {
            return;
        }
        exec.execute(() -> attempt(key, event, target, body, 1));
    }

    private void attempt(String key, String event, WebhookConfig.Target t, String body, int n) {
        String outcome;
        try {
            HttpRequest req =
                    HttpRequest.newBuilder(t.url())
                            .timeout(Duration.ofSeconds(10))
                            .header("Content-Type", "application/json; charset=utf-8")
                            .header("X-CityOps-Event", event)
                            .header("X-CityOps-Delivery", key)
                            .header("X-CityOps-Signature", signature(t.secret(), body))
                            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                            .build();
            int status = http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status >= 200 && status < 300) {
                log.delivered(key);
                inFlight.remove(key);
                delivered.incrementAndGet();
                return;
            }
            outcome = "HTTP " + status;
        } catch (IOException e) {
            outcome = e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (n < tries) {
            retried.incrementAndGet();
            long wait = backoff.toMillis() << Math.min(n - 1, 20);
            LOG.info("webhook {} to {}: {}; try {} in {} ms", key, t.url(), outcome, n + 1, wait);
            exec.schedule(() -> attempt(key, event, t, body, n + 1), wait, TimeUnit.MILLISECONDS);
            return;
        }
        LOG.warn("webhook {} to {} failed after {} tries: {}", key, t.url(), n, outcome);
        log.failed(key, t.url().toString(), n, outcome);
        inFlight.remove(key);
        failed.incrementAndGet();
    }

    /** {@code sha256=} and the hex HMAC-SHA256 of the UTF-8 body under {@code secret}. */
    static String signature(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256="
                    + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    private static String quote(String s) {
        return BrowserJson.quote(s);
    }

    @Override
    public void close() {
        exec.shutdownNow();
    }
}
