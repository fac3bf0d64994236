package io.cityops.events;

/**
 * A person's action on an incident. {@code assignee} is required for ASSIGN; {@code note} may be
 * null.
 */
public record DispatchAction(
        String incident, long ts, ActionType action, String by, String assignee, String note) {}
