package io.cityops.job.source;

import io.cityops.events.DeadLetter;
import io.cityops.events.Reasons;
import io.cityops.job.CityEvent;

import java.io.Serializable;

/**
 * Judges lateness within one lane (a Kafka partition, or one replay file) exactly as the watermark
 * of that lane will: an event more than the out-of-orderness bound behind the newest event seen
 * before it in its lane is late. Deciding here, in arrival order within the lane, rather than
 * against the merged watermark downstream, makes the decision the same at every parallelism and
 * speed.
 */
public final class LaneClock implements Serializable {
    private final long boundMs;
    private long maxSeen = Long.MIN_VALUE;

    public LaneClock(long boundMs) {
        this.boundMs = boundMs;
    }

    /** The event, or a {@code late} rejection in its place. Registry entries have no event time. */
    public CityEvent admit(CityEvent e, String stream, String raw) {
        if (e.kind == CityEvent.REJECTED || e.kind == CityEvent.FACILITY) {
            return e;
        }
        if (maxSeen != Long.MIN_VALUE && e.ts < maxSeen - boundMs) {
            long behind = maxSeen - e.ts;
            return CityEvent.rejected(
                    new DeadLetter(
                            stream,
                            Reasons.LATE,
                            "ts="
                                    + e.ts
                                    + " is "
                                    + behind
                                    + " ms behind its stream (bound "
                                    + boundMs
                                    + " ms)",
                            raw,
                            e.ts));
        }
        maxSeen = Math.max(maxSeen, e.ts);
        return e;
    }
}
