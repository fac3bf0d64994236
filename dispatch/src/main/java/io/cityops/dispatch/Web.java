package io.cityops.dispatch;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.cityops.events.ActionType;
import io.cityops.events.Codec;
import io.cityops.events.DispatchAction;
import io.cityops.events.Incident;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The console's HTTP routes. Pages need a session (else to the sign-in page); the event stream and
 * the action endpoint answer 401 without one. Every POST needs the session's CSRF token (form field
 * {@code csrf} or header {@code X-CSRF-Token}); sign-in, having no session yet, needs the nonce of
 * its form, which also sits in a cookie (double submit). A POST whose {@code Origin} is another
 * site is refused as well.
 */
final class Web {
    private static final Logger LOG = LoggerFactory.getLogger(Web.class);
    static final String SESSION_COOKIE = "cityops_session";
    static final String LOGIN_COOKIE = "cityops_login";
    static final String CSRF_HEADER = "X-CSRF-Token";

    private final Users users;
    private final Sessions sessions;
    private final IncidentView view;
    private final ActionPublisher actions;
    private final Clock clock;
    private final LiveStream live;

    Web(Users users, Sessions sessions, IncidentView view, ActionPublisher actions, Clock clock) {
        this.users = users;
        this.sessions = sessions;
        this.view = view;
        this.actions = actions;
        this.clock = clock;
        this.live = new LiveStream(sessions, view, clock);
    }

    void register(HttpServer server) {
        server.createContext("/", ex -> guard(ex, this::route));
    }

    void close() {
        live.close();
    }

    private interface Handler {
        void handle(HttpExchange ex) throws Exception;
    }

    private static void guard(HttpExchange ex, Handler h) {
        try {
            h.handle(ex);
        } catch (Http.TooLarge e) {
            quietly(ex, 413, e.getMessage());
        } catch (Exception e) {
            LOG.warn(
                    "{} {}: {}", ex.getRequestMethod(), ex.getRequestURI().getPath(), e.toString());
            quietly(ex, 500, "internal error");
        } finally {
            ex.close();
        }
    }

    private static void quietly(HttpExchange ex, int status, String message) {
        try {
            Http.error(ex, status, message);
        } catch (IOException | RuntimeException ignored) {
            // the response had begun already, or the client left
        }
    }

    private void route(HttpExchange ex) throws Exception {
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        boolean get = method.equals("GET") || method.equals("HEAD");
        boolean post = method.equals("POST");
        if (post && !sameOrigin(ex)) {
            Http.error(ex, 403, "cross-site request refused");
            return;
        }
        switch (path) {
            case "/" -> Http.redirect(ex, "/queue");
            case "/login" -> {
                if (get) {
                    loginForm(ex, 200, null);
                } else if (post) {
                    login(ex);
                } else {
                    Http.error(ex, 405, "GET or POST");
                }
            }
            case "/logout" -> {
                if (!post) {
                    Http.error(ex, 405, "POST only");
                    return;
                }
                Optional<Sessions.Session> s = session(ex, false);
                if (s.isEmpty() || !Sessions.csrfMatches(s.get(), Http.form(ex).get("csrf"))) {
                    Http.error(ex, 403, "missing or wrong CSRF token");
                    return;
                }
                sessions.close(s.get().id());
                ex.getResponseHeaders().add("Set-Cookie", Http.cookie(SESSION_COOKIE, "", "/", 0));
                Http.redirect(ex, "/login");
            }
            case "/queue" -> page(ex, s -> Pages.queue(s));
            case "/incident" -> {
                String id = Http.query(ex).get("id");
                if (id == null) {
                    Http.redirect(ex, "/queue");
                    return;
                }
                page(ex, s -> Pages.incident(s, id));
            }
            case "/events" -> live.serve(ex, Http.query(ex).get("incident"));
            case "/api/action" -> {
                if (!post) {
                    Http.error(ex, 405, "POST only");
                    return;
                }
                action(ex);
            }
            case "/static/console.js" -> asset(ex, "console.js", "text/javascript; charset=utf-8");
            case "/static/console.css" -> asset(ex, "console.css", "text/css; charset=utf-8");
            case "/healthz" ->
                    Http.send(
                            ex,
                            view.caughtUp() ? 200 : 503,
                            "text/plain; charset=utf-8",
                            (view.caughtUp() ? "ok" : "loading")
                                    + " incidents="
                                    + view.size()
                                    + "\n");
            default -> Http.error(ex, 404, "no such page");
        }
    }

    /** A POST from a page of another site carries its Origin; ours or none (curl) is let in. */
    private static boolean sameOrigin(HttpExchange ex) {
        String origin = ex.getRequestHeaders().getFirst("Origin");
        String host = ex.getRequestHeaders().getFirst("Host");
        return origin == null
                || (host != null
                        && (origin.equals("http://" + host) || origin.equals("https://" + host)));
    }

    private interface PageBody {
        String render(Sessions.Session s);
    }

    private void page(HttpExchange ex, PageBody body) throws IOException {
        Optional<Sessions.Session> s = session(ex, true);
        if (s.isEmpty()) {
            Http.redirect(ex, "/login");
            return;
        }
        Http.html(ex, 200, body.render(s.get()));
    }

    private Optional<Sessions.Session> session(HttpExchange ex, boolean activity) {
        String id = Http.cookies(ex).get(SESSION_COOKIE);
        return activity ? sessions.touch(id) : sessions.peek(id);
    }

    private void loginForm(HttpExchange ex, int status, String message) throws IOException {
        String nonce = Passwords.token();
        ex.getResponseHeaders().add("Set-Cookie", Http.cookie(LOGIN_COOKIE, nonce, "/", 600));
        Http.html(ex, status, Pages.login(nonce, message));
    }

    private void login(HttpExchange ex) throws IOException {
        Map<String, String> f = Http.form(ex);
        String cookieNonce = Http.cookies(ex).get(LOGIN_COOKIE);
        if (!Passwords.sameSecret(cookieNonce, f.get("nonce"))) {
            loginForm(ex, 403, "The sign-in form had expired; please sign in again.");
            return;
        }
        Optional<User> u =
                users.authenticate(f.getOrDefault("username", ""), f.getOrDefault("password", ""));
        if (u.isEmpty()) {
            LOG.info("sign-in refused for '{}'", LogText.printable(f.getOrDefault("username", "")));
            loginForm(ex, 401, "Wrong username or password.");
            return;
        }
        Sessions.Session s = sessions.open(u.get());
        ex.getResponseHeaders().add("Set-Cookie", Http.cookie(SESSION_COOKIE, s.id(), "/", null));
        ex.getResponseHeaders().add("Set-Cookie", Http.cookie(LOGIN_COOKIE, "", "/", 0));
        LOG.info("{} signed in as {}", u.get().username(), u.get().role().label());
        Http.redirect(ex, "/queue");
    }

    private void action(HttpExchange ex) throws Exception {
        Optional<Sessions.Session> session = session(ex, true);
        if (session.isEmpty()) {
            Http.error(ex, 401, "not signed in, or the session expired");
            return;
        }
        Sessions.Session s = session.get();
        Map<String, String> f = Http.form(ex);
        String token = ex.getRequestHeaders().getFirst(CSRF_HEADER);
        if (!Sessions.csrfMatches(s, token != null ? token : f.get("csrf"))) {
            Http.error(ex, 403, "missing or wrong CSRF token");
            return;
        }
        User u = s.user();
        if (!u.role().canAct()) {
            Http.error(ex, 403, "a " + u.role().label() + " cannot act on incidents");
            return;
        }
        ActionType type;
        try {
            type = ActionType.valueOf(f.getOrDefault("action", "").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            Http.error(ex, 400, "unknown action '" + f.get("action") + "'");
            return;
        }
        String id = f.getOrDefault("id", "");
        Optional<Incident> found = view.get(id).filter(u::sees);
        if (found.isEmpty()) {
            Http.error(ex, 404, "no incident " + id + " in your scope");
            return;
        }
        Incident i = found.get();
        if (!Lifecycle.allowed(i.status()).contains(type)) {
            Http.error(ex, 409, type + " is not allowed while " + i.status());
            return;
        }
        String assignee = blankToNull(f.get("assignee"));
        String note = blankToNull(f.get("note"));
        if (type == ActionType.ASSIGN && assignee == null) {
            Http.error(ex, 400, "ASSIGN needs an assignee");
            return;
        }
        if ((assignee != null && assignee.length() > Codec.MAX_ID_CHARS)
                || (note != null && note.length() > Codec.MAX_TEXT_CHARS)) {
            Http.error(ex, 400, "assignee or note too long");
            return;
        }
        DispatchAction a =
                new DispatchAction(i.id(), clock.millis(), type, u.username(), assignee, note);
        try {
            actions.send(a);
        } catch (Exception e) {
            LOG.warn("could not send {} on {}: {}", type, i.id(), e.toString());
            Http.error(ex, 503, "could not reach Kafka; the action was not sent");
            return;
        }
        LOG.info("{} sent {} on {}", u.username(), type, i.id());
        Http.json(
                ex, 202, "{\"sent\":" + BrowserJson.quote(type.name()) + ",\"ts\":" + a.ts() + "}");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static void asset(HttpExchange ex, String name, String type) throws IOException {
        try (InputStream in = Web.class.getResourceAsStream("static/" + name)) {
            if (in == null) {
                Http.error(ex, 404, "missing asset " + name);
                return;
            }
            Http.send(
                    ex,
                    200,
                    type,
                    new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /** Log lines quote user input: control characters shown as escapes. */
    static final class LogText {
        static String printable(String s) {
            StringBuilder b = new StringBuilder();
            s.codePoints()
                    .limit(64)
                    .forEach(
                            c -> {
                                if (Character.isISOControl(c)) {
                                    b.append(String.format("\\u%04x", c));
                                } else {
                                    b.appendCodePoint(c);
                                }
                            });
            return b.toString();
        }
    }
}
