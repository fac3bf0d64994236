package io.cityops.job.metrics;

import io.cityops.events.DeadLetter;
import io.cityops.events.Reasons;

import java.util.Set;

/**
 * {@code rejected} per stream and reason, in the minute of the input's {@code ts}. Input that the
 * decoder refused has no event time to trust (no {@code ts}, or one read from a broken line): it is
 * counted in the minute the monitor received it (the wall clock), so a replay counts it again, at
 * the time of the replay.
 */
public final class RejectedSamples implements Extractor<DeadLetter> {
    private static final long serialVersionUID = 1L;

    /** What the decoder refuses: malformed input, whose ts is missing or not to be trusted. */
    static final Set<String> DECODER =
            Set.of(
                    Reasons.INVALID_JSON,
                    Reasons.MISSING_FIELD,
                    Reasons.WRONG_TYPE,
                    Reasons.OUT_OF_RANGE,
                    Reasons.UNKNOWN_VALUE,
                    Reasons.OVERSIZED);

    @Override
    public void samples(DeadLetter d, long watermark, Out out) {
        long ts =
                d.ts() != null && !DECODER.contains(d.reason())
                        ? d.ts()
                        : System.currentTimeMillis();
        out.add(
                Schema.series("rejected", "reason", d.reason(), "stream", d.stream()),
                "count",
                ts,
                1);
    }
}
