package io.cityops.dispatch;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A plain HTTP client that signs in like a browser would, without a browser. */
final class WebClient {
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    String session;
    String csrf;

    WebClient(String url) {
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Signs in; returns the status of the sign-in POST (303 when it worked). */
    int signIn(String username, String password) throws Exception {
        HttpResponse<String> form = get("/login");
        String nonce = match(form.body(), "name=\"nonce\" value=\"([^\"]+)\"");
        String loginCookie = cookie(form, Web.LOGIN_COOKIE);
        HttpResponse<String> r =
                http.send(
                        HttpRequest.newBuilder(URI.create(base + "/login"))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .header("Cookie", Web.LOGIN_COOKIE + "=" + loginCookie)
                                .POST(
                                        HttpRequest.BodyPublishers.ofString(
                                                form(
                                                        Map.of(
                                                                "nonce", nonce,
                                                                "username", username,
                                                                "password", password))))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 303) {
            session = cookie(r, Web.SESSION_COOKIE);
            csrf = match(get("/queue").body(), "data-csrf=\"([^\"]+)\"");
        }
        return r.statusCode();
    }

    HttpResponse<String> get(String path) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET();
        if (session != null) {
            b.header("Cookie", Web.SESSION_COOKIE + "=" + session);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** POSTs a form; {@code token} goes in the CSRF header when not null. */
    HttpResponse<String> post(String path, Map<String, String> fields, String token)
            throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form(fields)));
        if (session != null) {
            b.header("Cookie", Web.SESSION_COOKIE + "=" + session);
        }
        if (token != null) {
            b.header(Web.CSRF_HEADER, token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(
                        e ->
                                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                                        + "="
                                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    static String cookie(HttpResponse<?> r, String name) {
        for (String c : r.headers().allValues("Set-Cookie")) {
            if (c.startsWith(name + "=")) {
                return c.substring(name.length() + 1, c.indexOf(';'));
            }
        }
        return null;
    }

    static String match(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new AssertionError("no " + regex + " in:\n" + text);
        }
        return m.group(1);
    }
}
