package io.cityops.events;

/** Where an incident is in the closed loop (RULES.md, "Lifecycle"). */
public enum IncidentStatus {
    OPEN,
    ACKNOWLEDGED,
    ASSIGNED,
    ON_SITE,
    RESOLVED,
    CLOSED,
    SUPPRESSED;

    /** Open for work: not RESOLVED, CLOSED or SUPPRESSED. */
    public boolean isActive() {
        return this == OPEN || this == ACKNOWLEDGED || this == ASSIGNED || this == ON_SITE;
    }
}
