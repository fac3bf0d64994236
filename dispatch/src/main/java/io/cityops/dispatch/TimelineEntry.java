package io.cityops.dispatch;

/**
 * One line of an incident's timeline as the console saw it: a version's change of status or
 * severity, a breach, or an action someone sent. {@code at} is event time.
 *
 * @param kind {@code opened}, {@code seen}, {@code status}, {@code severity}, {@code breach},
 *     {@code update}, {@code action} or {@code rejected}
 */
public record TimelineEntry(long at, String kind, String text, long version) {}
