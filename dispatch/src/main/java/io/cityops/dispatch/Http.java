package io.cityops.dispatch;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small helpers over the JDK's HTTP exchange: parsing requests, answering with safe headers. */
final class Http {
    /** Largest request body read; forms here are a few fields. */
    static final int MAX_BODY = 64 * 1024;

    /**
     * Scripts and styles only from the console itself, no inline script, no framing: a second wall
     * behind escaping if text from the city ever reached the page as markup.
     */
    static final String CSP =
            "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
                    + "img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private Http() {}

    static Map<String, String> cookies(HttpExchange ex) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String header : ex.getRequestHeaders().getOrDefault("Cookie", java.util.List.of())) {
            for (String part : header.split(";")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    m.putIfAbsent(part.substring(0, eq).strip(), part.substring(eq + 1).strip());
                }
            }
        }
        return m;
    }

    static Map<String, String> query(HttpExchange ex) {
        return decodeForm(ex.getRequestURI().getRawQuery());
    }

    /** An {@code application/x-www-form-urlencoded} body; a larger one than allowed throws. */
    static Map<String, String> form(HttpExchange ex) throws IOException {
        return decodeForm(new String(body(ex), StandardCharsets.UTF_8));
    }

    static byte[] body(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                if (out.size() > MAX_BODY) {
                    throw new TooLarge();
                }
            }
            return out.toByteArray();
        }
    }

    static final class TooLarge extends IOException {
        TooLarge() {
            super("request body over " + MAX_BODY + " bytes");
        }
    }

    static Map<String, String> decodeForm(String raw) {
        Map<String, String> m = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return m;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                m.putIfAbsent(
                        URLDecoder.decode(k, StandardCharsets.UTF_8),
                        URLDecoder.decode(v, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                // a malformed %-escape: the pair is ignored
            }
        }
        return m;
    }

    static void secureHeaders(HttpExchange ex) {
        Headers h = ex.getResponseHeaders();
        h.set("Content-Security-Policy", CSP);
        h.set("X-Content-Type-Options", "nosniff");
        h.set("X-Frame-Options", "DENY");
        // same-origin, not no-referrer: under no-referrer a browser sends "Origin: null" on form
        // posts.
        h.set("Referrer-Policy", "same-origin");
        h.set("Cache-Control", "no-store");
    }

    static void send(HttpExchange ex, int status, String contentType, String body)
            throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        secureHeaders(ex);
        ex.getResponseHeaders().set("Content-Type", contentType);
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.sendResponseHeaders(status, -1);
            ex.close();
            return;
        }
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    static void html(HttpExchange ex, int status, String body) throws IOException {
        send(ex, status, "text/html; charset=utf-8", body);
    }

    static void json(HttpExchange ex, int status, String body) throws IOException {
        send(ex, status, "application/json; charset=utf-8", body);
    }

    static void error(HttpExchange ex, int status, String message) throws IOException {
        json(ex, status, "{\"error\":" + BrowserJson.quote(message) + "}");
    }

    static void redirect(HttpExchange ex, String location) throws IOException {
        secureHeaders(ex);
        ex.getResponseHeaders().set("Location", location);
        ex.sendResponseHeaders(303, -1);
        ex.close();
    }

    /** A cookie only this site's own requests carry, that no script can read. */
    static String cookie(String name, String value, String path, Integer maxAge) {
        return name
                + "="
                + value
                + "; Path="
                + path
                + "; HttpOnly; SameSite=Strict"
                + (maxAge == null ? "" : "; Max-Age=" + maxAge);
    }
}
