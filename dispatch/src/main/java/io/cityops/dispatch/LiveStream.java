package io.cityops.dispatch;

import com.sun.net.httpserver.HttpExchange;

import io.cityops.events.Incident;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Server-sent events for the pages: {@code GET /events} streams the queue of the person's scope,
 * {@code GET /events?incident=ID} one incident with its timeline. The first event is a snapshot
 * ({@code snapshot}), then one event per change ({@code incident}, {@code removed}, {@code
 * escalation} for supervisors), and {@code now} every {@link #TICK_SECONDS} s with the console's
 * clock, which also shows that the connection is alive. The stream ends with {@code expired} when
 * the session does; the browser's EventSource reconnects by itself after a network break and gets a
 * fresh snapshot.
 */
final class LiveStream {
    static final int TICK_SECONDS = 15;

    /** Open streams at most; one thread each. */
    static final int MAX_STREAMS = 200;

    /** Events queued for a slow reader before its stream is cut (it reconnects to a snapshot). */
    static final int MAX_BACKLOG = 10_000;

    private final Sessions sessions;
    private final IncidentView view;
    private final Clock clock;
    private final AtomicInteger open = new AtomicInteger();
    private volatile boolean closing;

    LiveStream(Sessions sessions, IncidentView view, Clock clock) {
        this.sessions = sessions;
        this.view = view;
        this.clock = clock;
    }

    void serve(HttpExchange ex, String incidentId) throws IOException {
        String sid = Http.cookies(ex).get(Web.SESSION_COOKIE);
        Optional<Sessions.Session> session = sessions.peek(sid);
        if (session.isEmpty()) {
            Http.error(ex, 401, "not signed in, or the session expired");
            return;
        }
        if (open.incrementAndGet() > MAX_STREAMS) {
            open.decrementAndGet();
            Http.error(ex, 503, "too many open streams");
            return;
        }
        User u = session.get().user();
        BlockingQueue<String> out = new LinkedBlockingQueue<>(MAX_BACKLOG);
        IncidentView.Listener l =
                change -> {
                    String e = event(change, u, incidentId);
                    if (e != null && !out.offer(e)) {
                        out.clear();
                        out.offer("");
                    }
                };
        try {
            String snapshot = view.subscribe(l, () -> snapshot(u, incidentId));
            Http.secureHeaders(ex);
            ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            ex.sendResponseHeaders(200, 0);
            OutputStream os = ex.getResponseBody();
            write(os, snapshot);
            while (!closing) {
                String e = out.poll(TICK_SECONDS, TimeUnit.SECONDS);
                if (sessions.peek(sid).isEmpty()) {
                    write(os, "event: expired\ndata: {}\n\n");
                    return;
                }
                if (e == null) {
                    e = "event: now\ndata: {\"now\":" + clock.millis() + "}\n\n";
                } else if (e.isEmpty()) {
                    return; // the reader fell too far behind: let it reconnect to a snapshot
                }
                write(os, e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the browser went away
        } finally {
            view.unsubscribe(l);
            open.decrementAndGet();
        }
    }

    private static void write(OutputStream os, String s) throws IOException {
        os.write(s.getBytes(StandardCharsets.UTF_8));
        os.flush();
    }

    /** Runs under the view's lock, with the listener already added. */
    private String snapshot(User u, String incidentId) {
        String data =
                BrowserJson.write(
                        g -> {
                            g.writeStartObject();
                            g.writeNumberField("now", clock.millis());
                            if (incidentId == null) {
                                g.writeArrayFieldStart("incidents");
                                List<Incident> mine =
                                        view.incidents().stream()
                                                .filter(u::sees)
                                                .sorted(Comparator.comparing(Incident::id))
                                                .toList();
                                for (Incident i : mine) {
                                    BrowserJson.incident(
                                            g, i, view.json(i.id()).orElseThrow(), u.role(), null);
                                }
                                g.writeEndArray();
                                g.writeArrayFieldStart("escalations");
                                for (Escalation e : view.escalations()) {
                                    if (showsEscalation(u, e)) {
                                        BrowserJson.escalation(g, e);
                                    }
                                }
                                g.writeEndArray();
                            } else {
                                Optional<Incident> i = view.get(incidentId).filter(u::sees);
                                if (i.isPresent()) {
                                    g.writeFieldName("detail");
                                    detail(g, u, i.get());
                                }
                            }
                            g.writeEndObject();
                        });
        return "event: snapshot\ndata: " + data + "\n\n";
    }

    private String event(IncidentView.Change c, User u, String incidentId) {
        if (c instanceof IncidentView.IncidentChanged ch) {
            Incident i = ch.incident();
            if (!u.sees(i) || (incidentId != null && !incidentId.equals(i.id()))) {
                return null;
            }
            return incidentEvent(u, i, incidentId != null);
        }
        if (c instanceof IncidentView.ActionSeen a) {
            if (incidentId == null || !incidentId.equals(a.action().incident())) {
                return null;
            }
            return view.get(incidentId)
                    .filter(u::sees)
                    .map(i -> incidentEvent(u, i, true))
                    .orElse(null);
        }
        if (c instanceof IncidentView.IncidentRemoved r) {
            return "event: removed\ndata: {\"id\":" + BrowserJson.quote(r.id()) + "}\n\n";
        }
        if (c instanceof IncidentView.EscalationRaised e
                && incidentId == null
                && showsEscalation(u, e.escalation())) {
            return "event: escalation\ndata: " + BrowserJson.escalation(e.escalation()) + "\n\n";
        }
        return null;
    }

    private String incidentEvent(User u, Incident i, boolean withTimeline) {
        String data =
                BrowserJson.write(
                        g -> {
                            if (withTimeline) {
                                detail(g, u, i);
                            } else {
                                BrowserJson.incident(
                                        g, i, view.json(i.id()).orElseThrow(), u.role(), null);
                            }
                        });
        return "event: incident\ndata: " + data + "\n\n";
    }

    private void detail(com.fasterxml.jackson.core.JsonGenerator g, User u, Incident i)
            throws IOException {
        BrowserJson.incident(
                g, i, view.json(i.id()).orElseThrow(), u.role(), view.timeline(i.id()));
    }

    /** Supervisors see the escalations of their districts (or those addressed to them). */
    static boolean showsEscalation(User u, Escalation e) {
        return u.role() == Role.SUPERVISOR
                && (u.coversDistrict(e.district()) || u.username().equals(e.target()));
    }

    void close() {
        closing = true;
    }
}
