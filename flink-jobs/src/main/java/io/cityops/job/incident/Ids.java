package io.cityops.job.incident;

/**
 * Incident ids: {@code RULE:subject:openedAt}. Derived only from rule, subject and opening time, so
 * the same input always gives the same ids; readable by a dispatcher; and reversible, so a dispatch
 * action that names an incident can be routed to the state of its rule and subject.
 */
public final class Ids {
    private Ids() {}

    public static String incident(String rule, String subject, long openedAt) {
        return rule + ':' + subject + ':' + openedAt;
    }

    /** The tracker key (rule and subject) of an incident id, or null if it is not one of ours. */
    public static String trackerKey(String incidentId) {
        int first = incidentId.indexOf(':');
        int last = incidentId.lastIndexOf(':');
        if (first <= 0 || last <= first + 1 || last == incidentId.length() - 1) {
            return null;
        }
        for (int i = last + 1; i < incidentId.length(); i++) {
            if (!Character.isDigit(incidentId.charAt(i))) {
                return null;
            }
        }
        return incidentId.substring(0, last);
    }

    public static String trackerKey(String rule, String subject) {
        return rule + ':' + subject;
    }
}
