package io.cityops.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * When the published input let the job's watermark pass a given event time. Per topic partition (a
 * lane): the append times of its records and the newest event time so far. A lane stops holding
 * time {@code t} back once it holds an event at or after {@code t + bound + 1} (the sources' rule,
 * see CityWatermarks), or while it is idle: no record yet, from the job's start plus the idleness
 * timeout until its first record. The job's watermark passes {@code t} at the first moment no lane
 * holds it. A gap of the idleness timeout between two records of a lane is not modelled (at the
 * bench's speed only a partition that gets nothing at all stays quiet that long).
 */
final class WatermarkTrace {
    private static final class Lane {
        long[] appended = new long[1024];
        long[] newest = new long[1024];
        int size;

        void add(long at, long ts) {
            if (size == appended.length) {
                appended = Arrays.copyOf(appended, size * 2);
                newest = Arrays.copyOf(newest, size * 2);
            }
            appended[size] = at;
            newest[size] = size == 0 ? ts : Math.max(ts, newest[size - 1]);
            size++;
        }

        /** The append time of the first record that brought the newest event time to {@code ts}. */
        long reaching(long ts) {
            int lo = 0;
            int hi = size;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (newest[mid] >= ts) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            return lo == size ? Long.MAX_VALUE : appended[lo];
        }

        long first() {
            return size == 0 ? Long.MAX_VALUE : appended[0];
        }
    }

    private final Map<String, Lane> lanes = new HashMap<>();
    private final long boundMs;
    private final long idlenessMs;
    private long jobStart = Long.MAX_VALUE;

    /**
     * @param topics the topics whose partitions hold the watermark, each with {@code partitions}
     */
    WatermarkTrace(long boundMs, long idlenessMs, List<String> topics, int partitions) {
        this.boundMs = boundMs;
        this.idlenessMs = idlenessMs;
        for (String t : topics) {
            for (int p = 0; p < partitions; p++) {
                lanes.put(t + '/' + p, new Lane());
            }
        }
    }

    /** When the job's sources started: an empty lane turns idle the idleness timeout later. */
    synchronized void jobStarted(long at) {
        jobStart = at;
    }

    /** Called in append order within a partition (a producer's callbacks are). */
    synchronized void record(String topic, int partition, long appendedAt, long ts) {
        Lane l = lanes.get(topic + '/' + partition);
        if (l != null) {
            l.add(appendedAt, ts);
        }
    }

    /** The wall time at which no lane held the watermark before {@code ts}, or MAX_VALUE. */
    synchronized long passes(long ts) {
        // Each lane is free in [idle, first record) and from the record that reaches ts on.
        List<long[]> free = new ArrayList<>();
        List<Long> candidates = new ArrayList<>();
        for (Lane l : lanes.values()) {
            long idle = jobStart == Long.MAX_VALUE ? Long.MAX_VALUE : jobStart + idlenessMs;
            long reach = l.reaching(ts + boundMs + 1);
            free.add(new long[] {idle, l.first(), reach});
            candidates.add(idle);
            candidates.add(reach);
        }
        candidates.sort(null);
        for (long t : candidates) {
            if (t == Long.MAX_VALUE) {
                break;
            }
            boolean all = true;
            for (long[] f : free) {
                boolean idle = t >= f[0] && t < f[1];
                if (!idle && t < f[2]) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return t;
            }
        }
        return Long.MAX_VALUE;
    }
}
