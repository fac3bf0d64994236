package io.cityops.events;

/**
 * One step in an incident's closed loop: what happened ({@code action}: a dispatch action, or the
 * system's own OPEN, REOPEN, RESOLVE, SUPPRESS), when in event time, by whom ({@code system} for
 * the monitor itself), and the dispatcher's note if any.
 */
public record TimelineEntry(long at, String action, String by, String note) {}
