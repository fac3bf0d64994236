package io.cityops.job.incident;

import io.cityops.events.Severity;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/** Acknowledge and resolve deadlines (service-levels.properties). */
public final class ServiceLevels implements Serializable {
    private static final long serialVersionUID = 1L;
    private final Map<String, Long> ack = new HashMap<>();
    private final Map<String, Long> resolve = new HashMap<>();

    public static ServiceLevels defaults() {
        return new ServiceLevels(Settings.load("service-levels.properties"));
    }

    ServiceLevels(Properties p) {
        for (String k : p.stringPropertyNames()) {
            if (k.startsWith("ack.")) {
                ack.put(k.substring(4), Settings.millis(p, k));
            } else if (k.startsWith("resolve.")) {
                resolve.put(k.substring(8), Settings.millis(p, k));
            }
        }
        for (Severity s : Severity.values()) {
            if (!ack.containsKey(s.name())) {
                throw new IllegalStateException("service-levels.properties has no ack." + s);
            }
        }
    }

    public long ackWithin(Severity s) {
        return ack.get(s.name());
    }

    /** Resolve-within for a rule; a rule not listed gets 24 h. */
    public long resolveWithin(String rule) {
        return resolve.getOrDefault(rule, 24L * 3600 * 1000);
    }
}
