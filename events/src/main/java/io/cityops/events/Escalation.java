package io.cityops.events;

/**
 * A missed deadline told to the district's escalation target (RULES.md, "Service levels and
 * escalation"), on the extension topic {@code city.escalations}. {@code kind} is ACK or RESOLVE;
 * {@code severity} is the incident's severity after the breach raised it.
 */
public record Escalation(
        String incident, String district, String kind, long at, String severity, String target) {
    public static final String TOPIC = "city.escalations";
}
