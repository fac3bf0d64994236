package io.cityops.job.incident;

import io.cityops.events.Breach;
import io.cityops.events.Evidence;
import io.cityops.events.Incident;
import io.cityops.events.IncidentStatus;
import io.cityops.events.Severity;
import io.cityops.events.TimelineEntry;

import java.util.ArrayList;
import java.util.List;

/** An incident being changed: mutable copies of the fields that change, then {@link #build}. */
final class Draft {
    /** At most this many pieces of evidence and timeline entries are kept, the newest. */
    static final int MAX_EVIDENCE = 20;

    static final int MAX_TIMELINE = 50;

    private final Incident base;
    Severity severity;
    IncidentStatus status;
    List<String> departments;
    long updatedAt;
    Long ackBy;
    int occurrences;
    String title;
    final List<Evidence> evidence;
    final List<Breach> breaches;
    String parent;
    String assignee;
    final List<TimelineEntry> timeline;
    String rulesVersion;

    Draft(Incident i) {
        base = i;
        severity = i.severity();
        status = i.status();
        departments = i.departments();
        updatedAt = i.updatedAt();
        ackBy = i.ackBy();
        occurrences = i.occurrences();
        title = i.title();
        evidence = new ArrayList<>(i.evidence());
        breaches = new ArrayList<>(i.breaches());
        parent = i.parent();
        assignee = i.assignee();
        timeline = new ArrayList<>(i.timeline() == null ? List.of() : i.timeline());
        rulesVersion = i.rulesVersion();
    }

    void addEvidence(Evidence e) {
        evidence.add(e);
        if (evidence.size() > MAX_EVIDENCE) {
            evidence.remove(0);
        }
    }

    void step(long at, String action, String by, String note) {
        timeline.add(new TimelineEntry(at, action, by, note));
        if (timeline.size() > MAX_TIMELINE) {
            timeline.remove(0);
        }
    }

    /** The incident with these changes, one version on. */
    Incident build() {
        return new Incident(
                base.id(),
                base.rule(),
                base.category(),
                base.subject(),
                severity,
                status,
                base.district(),
                base.street(),
                base.cell(),
                base.lat(),
                base.lon(),
                departments,
                base.openedAt(),
                updatedAt,
                ackBy,
                base.resolveBy(),
                occurrences,
                title,
                List.copyOf(evidence),
                List.copyOf(breaches),
                parent,
                base.version() + 1,
                assignee,
                List.copyOf(timeline),
                rulesVersion);
    }
}
