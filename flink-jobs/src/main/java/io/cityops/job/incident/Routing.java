package io.cityops.job.incident;

import io.cityops.events.Severity;

import java.io.Serializable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** Departments by rule, category and severity (routing.properties). */
public final class Routing implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final List<String> FALLBACK = List.of("CITY_MANAGEMENT");
    private final Map<String, List<String>> table = new HashMap<>();

    public static Routing defaults() {
        return new Routing(Settings.load("routing.properties"));
    }

    Routing(Properties p) {
        for (String k : p.stringPropertyNames()) {
            table.put(k, Arrays.stream(p.getProperty(k).split(",")).map(String::trim).toList());
        }
    }

    /** Who is told when an incident of a district misses a deadline. */
    public String escalationTarget(String district) {
        List<String> t = table.get("escalation." + district);
        return t == null ? "supervisor-" + district : t.get(0);
    }

    /** The most specific entry: rule.category.severity, rule.category, rule.severity, rule. */
    public List<String> departments(String rule, String category, Severity severity) {
        String[] keys = {
            rule + "." + category + "." + severity,
            rule + "." + category,
            rule + "." + severity,
            rule
        };
        for (String k : keys) {
            List<String> d = table.get(k);
            if (d != null) {
                return d;
            }
        }
        return FALLBACK;
    }
}
