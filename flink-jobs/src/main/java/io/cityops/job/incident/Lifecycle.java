package io.cityops.job.incident;

import io.cityops.events.ActionType;
import io.cityops.events.IncidentStatus;

/**
 * The closed loop of RULES.md (after GB/T 30428): which action a person may take in which state,
 * and where it leads.
 *
 * <pre>
 * OPEN --ACK--> ACKNOWLEDGED --ASSIGN--> ASSIGNED --ARRIVE--> ON_SITE --RESOLVE--> RESOLVED --CLOSE--> CLOSED
 * </pre>
 *
 * ASSIGN and ARRIVE may also come straight after OPEN or ACKNOWLEDGED (ACK is then implied);
 * RESOLVE from any open state; CLOSE only from RESOLVED; REOPEN only from RESOLVED or CLOSED.
 */
final class Lifecycle {
    private Lifecycle() {}

    /** The state after the action, or null when the state does not allow it. */
    static IncidentStatus next(IncidentStatus from, ActionType action) {
        return switch (action) {
            case ACK -> from == IncidentStatus.OPEN ? IncidentStatus.ACKNOWLEDGED : null;
            case ASSIGN ->
                    from == IncidentStatus.OPEN || from == IncidentStatus.ACKNOWLEDGED
                            ? IncidentStatus.ASSIGNED
                            : null;
            case ARRIVE ->
                    from == IncidentStatus.OPEN
                                    || from == IncidentStatus.ACKNOWLEDGED
                                    || from == IncidentStatus.ASSIGNED
                            ? IncidentStatus.ON_SITE
                            : null;
            case RESOLVE -> from.isActive() ? IncidentStatus.RESOLVED : null;
            case CLOSE -> from == IncidentStatus.RESOLVED ? IncidentStatus.CLOSED : null;
            case REOPEN ->
                    from == IncidentStatus.RESOLVED || from == IncidentStatus.CLOSED
                            ? IncidentStatus.OPEN
                            : null;
        };
    }
}
