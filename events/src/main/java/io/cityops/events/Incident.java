package io.cityops.events;

import java.util.List;

/**
 * The latest state of an incident (CONTRACT.md, "Incident"). Every time is event time. {@code
 * street}, {@code cell}, {@code ackBy}, {@code resolveBy} and {@code parent} may be null.
 */
public record Incident(
        String id,
        String rule,
        String category,
        String subject,
        Severity severity,
        IncidentStatus status,
        String district,
        String street,
        String cell,
        double lat,
        double lon,
        List<String> departments,
        long openedAt,
        long updatedAt,
        Long ackBy,
        Long resolveBy,
        int occurrences,
        String title,
        List<Evidence> evidence,
        List<Breach> breaches,
        String parent,
        long version) {}
