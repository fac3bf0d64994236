package io.cityops.events;

import java.util.List;

/**
 * The latest state of an incident (CONTRACT.md, "Incident"). Every time is event time. {@code
 * street}, {@code cell}, {@code ackBy}, {@code resolveBy}, {@code parent} and {@code assignee} may
 * be null. {@code assignee}, {@code timeline} and {@code rulesVersion} extend the contract
 * (optional fields): who was assigned, every step of the closed loop (so that a console rebuilt
 * from the compacted topic still shows the history), and the version of the rule set that opened
 * the incident (null when unknown).
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
        long version,
        String assignee,
        List<TimelineEntry> timeline,
        String rulesVersion) {

    /** An incident without the rule set's version. */
    public Incident(
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
            long version,
            String assignee,
            List<TimelineEntry> timeline) {
        this(
                id,
                rule,
                category,
                subject,
                severity,
                status,
                district,
                street,
                cell,
                lat,
                lon,
                departments,
                openedAt,
                updatedAt,
                ackBy,
                resolveBy,
                occurrences,
                title,
                evidence,
                breaches,
                parent,
                version,
                assignee,
                timeline,
                null);
    }

    /** An incident without the optional dispatch fields (no assignee, empty timeline). */
    public Incident(
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
            long version) {
        this(
                id,
                rule,
                category,
                subject,
                severity,
                status,
                district,
                street,
                cell,
                lat,
                lon,
                departments,
                openedAt,
                updatedAt,
                ackBy,
                resolveBy,
                occurrences,
                title,
                evidence,
                breaches,
                parent,
                version,
                null,
                List.of(),
                null);
    }
}
