package io.cityops.dispatch;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * Where each department wants to be told, as a properties file:
 *
 * <pre>
 * DRAINAGE.url=https://drainage.example/hooks/cityops
 * DRAINAGE.secret=...   # the HMAC-SHA256 key the receiver checks X-CityOps-Signature with
 * </pre>
 *
 * A department without an entry gets no webhook.
 */
public record WebhookConfig(Map<String, Target> targets) {
    public record Target(URI url, String secret) {}

    public static WebhookConfig none() {
        return new WebhookConfig(Map.of());
    }

    public static WebhookConfig load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        Map<String, Target> m = new LinkedHashMap<>();
        TreeSet<String> departments = new TreeSet<>();
        for (String k : p.stringPropertyNames()) {
            int dot = k.lastIndexOf('.');
            String field = dot < 0 ? "" : k.substring(dot + 1);
            if (dot <= 0 || !(field.equals("url") || field.equals("secret"))) {
                throw new IllegalArgumentException(
                        file + ": key '" + k + "' is not DEPARTMENT.url or DEPARTMENT.secret");
            }
            departments.add(k.substring(0, dot));
        }
        for (String d : departments) {
            String url = p.getProperty(d + ".url");
            String secret = p.getProperty(d + ".secret");
            if (url == null || secret == null || secret.isBlank()) {
                throw new IllegalArgumentException(
                        file
                                + ": department "
                                + d
                                + " needs both "
                                + d
                                + ".url and "
                                + d
                                + ".secret");
            }
            URI u = URI.create(url.strip());
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
                throw new IllegalArgumentException(
                        file + ": " + d + ".url must be http or https, got '" + url + "'");
            }
            m.put(d, new Target(u, secret.strip()));
        }
        return new WebhookConfig(Map.copyOf(m));
    }
}
