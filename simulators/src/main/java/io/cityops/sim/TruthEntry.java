package io.cityops.sim;

/**
 * An incident that a correct monitor must raise: the rule, its subject as RULES.md defines it, and
 * the window in which the incident's {@code openedAt} must fall (both ends inclusive).
 */
public record TruthEntry(String rule, String subject, long earliestOpen, long latestOpen)
        implements Comparable<TruthEntry> {

    /** Chronological, then by rule and subject, so truth files read as the scenario's story. */
    @Override
    public int compareTo(TruthEntry o) {
        int c = Long.compare(earliestOpen, o.earliestOpen);
        if (c == 0) {
            c = rule.compareTo(o.rule);
        }
        if (c == 0) {
            c = subject.compareTo(o.subject);
        }
        return c;
    }

    public boolean contains(long openedAt) {
        return openedAt >= earliestOpen && openedAt <= latestOpen;
    }
}
