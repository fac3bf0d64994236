package io.cityops.dispatch;

import io.cityops.events.ActionType;
import io.cityops.events.IncidentStatus;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The actions a person may take in each status (RULES.md, "Lifecycle"). The job is the authority
 * and rejects anything else; the console offers only these, so a dispatcher is not shown a button
 * that can only fail.
 */
final class Lifecycle {
    private Lifecycle() {}

    static Set<ActionType> allowed(IncidentStatus s) {
        return switch (s) {
            case OPEN ->
                    EnumSet.of(
                            ActionType.ACK,
                            ActionType.ASSIGN,
                            ActionType.ARRIVE,
                            ActionType.RESOLVE);
            case ACKNOWLEDGED ->
                    EnumSet.of(ActionType.ASSIGN, ActionType.ARRIVE, ActionType.RESOLVE);
            case ASSIGNED -> EnumSet.of(ActionType.ARRIVE, ActionType.RESOLVE);
            case ON_SITE -> EnumSet.of(ActionType.RESOLVE);
            case RESOLVED -> EnumSet.of(ActionType.CLOSE, ActionType.REOPEN);
            case CLOSED -> EnumSet.of(ActionType.REOPEN);
            case SUPPRESSED -> EnumSet.noneOf(ActionType.class);
        };
    }

    /** What {@code role} is offered for an incident in status {@code s}, in lifecycle order. */
    static List<ActionType> offered(Role role, IncidentStatus s) {
        return role.canAct() ? List.copyOf(allowed(s)) : List.of();
    }
}
