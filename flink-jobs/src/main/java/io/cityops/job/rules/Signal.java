package io.cityops.job.rules;

/**
 * What the rules say about a subject, for the incident stage to act on.
 *
 * <ul>
 *   <li>{@code MATCH}: the rule's condition is true for {@code subject} at {@code ts} (opens or
 *       updates its incident). Carries severity, place, title and one piece of evidence.
 *   <li>{@code CLEAR}: the rule's self-resolving condition holds at {@code ts}.
 *   <li>{@code SUPPRESS}: fold the subject's incident into the parent incident named by {@code
 *       parentRule}, {@code parentSubject} and {@code parentOpenedAt}.
 * </ul>
 *
 * Fields that a kind does not use are null (or 0). {@code ruleSet} is the version of the rule set
 * that emitted the signal ({@link RuleSet#version()}). {@code arrivedAt} is when the input that led
 * to the signal reached the job (see {@link io.cityops.job.CityEvent#arrivedAt}; 0 unknown), for
 * the end-to-end latency metric only.
 */
public record Signal(
        Kind kind,
        String rule,
        String subject,
        long ts,
        String category,
        String severity,
        String district,
        String street,
        String cell,
        double lat,
        double lon,
        String title,
        String evStream,
        String evRef,
        long evTs,
        String parentRule,
        String parentSubject,
        long parentOpenedAt,
        String ruleSet,
        long arrivedAt) {

    /** A signal without a rule-set version (tests, and peers that are not the rules stage). */
    public Signal(
            Kind kind,
            String rule,
            String subject,
            long ts,
            String category,
            String severity,
            String district,
            String street,
            String cell,
            double lat,
            double lon,
            String title,
            String evStream,
            String evRef,
            long evTs,
            String parentRule,
            String parentSubject,
            long parentOpenedAt) {
        this(
                kind,
                rule,
                subject,
                ts,
                category,
                severity,
                district,
                street,
                cell,
                lat,
                lon,
                title,
                evStream,
                evRef,
                evTs,
                parentRule,
                parentSubject,
                parentOpenedAt,
                null,
                0);
    }

    /** This signal, stamped with the arrival of the input that led to it. */
    public Signal withArrivedAt(long at) {
        return at == arrivedAt
                ? this
                : new Signal(
                        kind,
                        rule,
                        subject,
                        ts,
                        category,
                        severity,
                        district,
                        street,
                        cell,
                        lat,
                        lon,
                        title,
                        evStream,
                        evRef,
                        evTs,
                        parentRule,
                        parentSubject,
                        parentOpenedAt,
                        ruleSet,
                        at);
    }

    public enum Kind {
        MATCH,
        CLEAR,
        SUPPRESS
    }
}
