package io.cityops.job.rules;

import io.cityops.job.JsonTree;

import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.OperatorStateStore;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Which rule set one instance of the rules stage runs, and which one takes over when: the set in
 * force (the job's own, from {@code --rules} or the jar, until a message of {@code city.rules}
 * replaces it) and at most one pending set with its switch time.
 *
 * <p>A message is decoded and compiled where it arrives; one that does not decode or compile is
 * refused whole and changes nothing. Its switch time is its {@code effectiveAt}, else the Kafka
 * record's timestamp: the same for every instance and every replay of the topic. A set that arrives
 * when the instance's time has passed that point switches at once, at the instance's time, and says
 * it was late. A newer message replaces a pending one that has not switched yet: the topic's latest
 * message is the set meant to be in force.
 *
 * <p>Operator state (union list, so every instance sees every instance's entries after a rescale)
 * holds the set in force, when it switched, and the pending one. A restore to Esper time {@code t}
 * takes, of all entries, the newest set (by offset) that switched at or before {@code t} as the one
 * in force and a newer one as pending: the set that was in force at the checkpoint, which the
 * restore then rebuilds Esper with.
 *
 * <p>Not thread-safe; owned by the operator's task thread.
 */
final class RuleSetSwitch {
    private static final Logger LOG = LoggerFactory.getLogger(RuleSetSwitch.class);

    static final String STATE = "rule-sets";

    /** A set this instance knows of: the job's own has offset -1 and no message. */
    record Known(
            RuleSet rules, long offset, String json, String sha256, long switchAt, boolean late) {}

    private final RuleSet initial;
    private ListState<String> state;
    private Known inForce;
    private Known pending;
    private int instance;
    private int instances;
    private Consumer<RuleSetStatus> status;
    private Counter accepted;
    private Counter refused;
    private Counter activated;

    RuleSetSwitch(RuleSet initial) {
        this.initial = initial;
        this.inForce = new Known(initial, -1, null, null, Long.MIN_VALUE, false);
    }

    /** Reads the sets back from a checkpoint, as they stood at Esper time {@code restoredTime}. */
    void initializeState(OperatorStateStore store, boolean restored, long restoredTime)
            throws Exception {
        state = store.getUnionListState(new ListStateDescriptor<>(STATE, Types.STRING));
        if (!restored) {
            return;
        }
        // Per offset, the earliest switch any instance recorded (they agree unless one was late).
        TreeMap<Long, String[]> byOffset = new TreeMap<>();
        for (String s : state.get()) {
            String[] e = s.split("\t", 4);
            byOffset.merge(
                    Long.parseLong(e[0]),
                    e,
                    (a, b) -> Long.parseLong(a[1]) <= Long.parseLong(b[1]) ? a : b);
        }
        String[] current = null;
        String[] next = null;
        for (String[] e : byOffset.values()) {
            if (Long.parseLong(e[1]) <= restoredTime) {
                current = e;
                next = null;
            } else {
                next = e;
            }
        }
        if (current != null) {
            Known k = known(current);
            if (k != null) {
                inForce = k;
            }
        }
        if (next != null) {
            pending = known(next);
        }
        LOG.info(
                "rule sets restored at {}: {} in force{}",
                restoredTime,
                inForce.rules().version(),
                pending == null
                        ? ""
                        : ", "
                                + pending.rules().version()
                                + " pending until "
                                + pending.switchAt());
    }

    /** A set from state; null (logged) when it no longer compiles, e.g. after an upgrade. */
    private static Known known(String[] e) {
        try {
            RuleSetMessage m = RuleSetMessage.decode(e[3]);
            return new Known(
                    m.toRuleSet(),
                    Long.parseLong(e[0]),
                    e[3],
                    m.sha256(),
                    Long.parseLong(e[1]),
                    Boolean.parseBoolean(e[2]));
        } catch (Exception ex) {
            LOG.error(
                    "a rule set in the checkpoint no longer loads; left out: {}", ex.getMessage());
            return null;
        }
    }

    void open(MetricGroup metrics, int instance, int instances, Consumer<RuleSetStatus> status) {
        this.instance = instance;
        this.instances = instances;
        this.status = status;
        accepted = metrics.counter("ruleSetsAccepted");
        refused = metrics.counter("ruleSetsRefused");
        activated = metrics.counter("ruleSetsActivated");
    }

    RuleSet inForce() {
        return inForce.rules();
    }

    /** The switch time of the pending set, or null when none is pending. */
    Long dueAt() {
        return pending == null ? null : pending.switchAt();
    }

    /**
     * Takes a message of {@code city.rules} at the instance's time {@code now}; true when its set
     * must switch now (it came late).
     */
    boolean receive(RuleSetRecord r, long now) {
        RuleSetMessage m;
        try {
            m = RuleSetMessage.decode(r.json());
        } catch (Exception e) {
            refuse(versionIn(r.json()), null, r.offset(), null, 0, e.getMessage());
            return false;
        }
        RuleSet rules;
        try {
            rules = m.toRuleSet();
        } catch (RuleLoadException e) {
            refuse(m.version(), m.sha256(), r.offset(), e.file(), e.line(), e.getMessage());
            return false;
        } catch (RuntimeException e) {
            // Esper's compiler throws unchecked errors too; a rules message must never stop the
            // job.
            refuse(m.version(), m.sha256(), r.offset(), null, 0, String.valueOf(e));
            return false;
        }
        long target = m.effectiveAt() != null ? m.effectiveAt() : r.timestamp();
        boolean late = target <= now;
        long switchAt = late ? now : target;
        if (pending != null) {
            LOG.info(
                    "rule set {} replaces {}, pending since it switches at {}",
                    m.version(),
                    pending.rules().version(),
                    pending.switchAt());
        }
        pending = new Known(rules, r.offset(), r.json(), m.sha256(), switchAt, late);
        accepted.inc();
        report(pending, RuleSetStatus.Outcome.ACCEPTED, null, null, null);
        LOG.info(
                "rule set {} accepted: switches at {}{}",
                m.version(),
                switchAt,
                late ? " (late: wanted " + target + ")" : "");
        return late;
    }

    /** The pending set becomes the one in force (from its switch time); returns it. */
    RuleSet activate() {
        inForce = pending;
        pending = null;
        activated.inc();
        report(inForce, RuleSetStatus.Outcome.ACTIVE, null, null, null);
        LOG.info("rule set {} active from {}", inForce.rules().version(), inForce.switchAt());
        return inForce.rules();
    }

    void snapshot() throws Exception {
        List<String> entries = new ArrayList<>(2);
        for (Known k : new Known[] {inForce, pending}) {
            if (k != null && k.json() != null) {
                entries.add(k.offset() + "\t" + k.switchAt() + "\t" + k.late() + "\t" + k.json());
            }
        }
        state.update(entries);
    }

    private void refuse(
            String version, String sha, long offset, String file, int line, String message) {
        refused.inc();
        LOG.warn(
                "rule set {} (offset {}) refused, {} stays: {}",
                version,
                offset,
                inForce.rules().version(),
                message);
        status.accept(
                new RuleSetStatus(
                        version,
                        sha,
                        offset,
                        instance,
                        instances,
                        RuleSetStatus.Outcome.REFUSED,
                        null,
                        false,
                        message,
                        file,
                        file == null ? null : line));
    }

    private void report(
            Known k, RuleSetStatus.Outcome outcome, String error, String file, Integer line) {
        status.accept(
                new RuleSetStatus(
                        k.rules().version(),
                        k.sha256(),
                        k.offset(),
                        instance,
                        instances,
                        outcome,
                        k.switchAt(),
                        k.late(),
                        error,
                        file,
                        line));
    }

    /** The version a message names, if it is JSON at all, for the status of a refusal. */
    private static String versionIn(String json) {
        try {
            Map<String, Object> m = JsonTree.object(json);
            return m.get("version") instanceof String v ? v : null;
        } catch (Exception e) {
            return null;
        }
    }
}
