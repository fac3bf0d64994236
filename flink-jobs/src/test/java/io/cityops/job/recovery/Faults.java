package io.cityops.job.recovery;

import io.cityops.events.Stream;
import io.cityops.job.CityEvent;
import io.cityops.job.JobConfig;
import io.cityops.job.source.Inputs;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.util.concurrent.locks.LockSupport;

/**
 * Inputs with faults: the sensor stream is slowed (so that checkpoints land all along the day's
 * event time, not all at its start) and fails on purpose, one fault of a plan after the other, each
 * in a later attempt of the job than the one before: one run restarts several times, each time from
 * a checkpoint of the attempt before.
 */
final class Faults implements Inputs {
    private static final long serialVersionUID = 1L;

    /** Where attempt n of the job fails. */
    sealed interface Fault extends java.io.Serializable {}

    /** At the first sensor reading at or after this event time. */
    record AtEventTime(long ts) implements Fault {}

    /** While taking the attempt's n-th checkpoint (its snapshot fails). */
    record InCheckpoint(int nth) implements Fault {}

    /** Once the attempt's n-th checkpoint is complete, before every sink has committed it. */
    record AfterCheckpoint(int nth) implements Fault {}

    /**
     * How far each plan (by its name) has got in this JVM: the next fault to fire, and the attempt
     * that fired the last one. A fault fires in a later attempt than the one before it, so each
     * costs a restart of its own, whatever else restarts the job.
     */
    static final class Progress {
        int next;
        int lastAttempt = -1;
        long lastFiredNanos;
    }

    static final java.util.Map<String, Progress> PROGRESS =
            new java.util.concurrent.ConcurrentHashMap<>();

    private final Inputs inner;
    private final String name;
    private final java.util.List<Fault> plan;
    private final long nanosPerReading;

    Faults(Inputs inner, String name, long nanosPerReading, java.util.List<Fault> plan) {
        this.inner = inner;
        this.name = name;
        this.plan = java.util.List.copyOf(plan);
        this.nanosPerReading = nanosPerReading;
        PROGRESS.put(name, new Progress());
    }

    /** When the latest fault of the plan fired ({@link System#nanoTime}), or 0. */
    static long lastFiredNanos(String name) {
        Progress p = PROGRESS.get(name);
        synchronized (p) {
            return p.lastFiredNanos;
        }
    }

    /** Whether every fault of the plan fired. */
    static boolean allFired(String name, int planSize) {
        Progress p = PROGRESS.get(name);
        synchronized (p) {
            return p.next == planSize;
        }
    }

    @Override
    public DataStream<CityEvent> open(
            StreamExecutionEnvironment env, Stream stream, JobConfig config) {
        DataStream<CityEvent> s = inner.open(env, stream, config);
        if (s == null || stream != Stream.SENSORS) {
            return s;
        }
        return s.map(new Injector(name, plan, nanosPerReading))
                .name("faults-" + stream.label())
                .uid("faults-" + stream.label());
    }

    static final class Injector extends RichMapFunction<CityEvent, CityEvent>
            implements CheckpointedFunction, CheckpointListener {
        private final String name;
        private final java.util.List<Fault> plan;
        private final long nanosPerReading;
        private transient int attempt;
        private transient int checkpoints;

        Injector(String name, java.util.List<Fault> plan, long nanosPerReading) {
            this.name = name;
            this.plan = plan;
            this.nanosPerReading = nanosPerReading;
        }

        @Override
        public void open(OpenContext ctx) {
            attempt = getRuntimeContext().getTaskInfo().getAttemptNumber();
        }

        /** The fault this attempt is to fire, or null. */
        private Fault due() {
            Progress p = PROGRESS.get(name);
            synchronized (p) {
                return p.next < plan.size() && attempt > p.lastAttempt ? plan.get(p.next) : null;
            }
        }

        @Override
        public CityEvent map(CityEvent e) {
            if (nanosPerReading > 0) {
                LockSupport.parkNanos(nanosPerReading);
            }
            if (due() instanceof AtEventTime at
                    && e.kind != CityEvent.REJECTED
                    && e.ts >= at.ts()) {
                fire(at, "at event time " + at.ts());
            }
            return e;
        }

        @Override
        public void snapshotState(FunctionSnapshotContext ctx) {
            checkpoints++;
            if (due() instanceof InCheckpoint in && checkpoints == in.nth()) {
                fire(in, "in checkpoint " + ctx.getCheckpointId());
            }
        }

        @Override
        public void notifyCheckpointComplete(long id) {
            if (due() instanceof AfterCheckpoint after && checkpoints == after.nth()) {
                fire(after, "after checkpoint " + id);
            }
        }

        @Override
        public void initializeState(FunctionInitializationContext ctx) {}

        private void fire(Fault f, String where) {
            Progress p = PROGRESS.get(name);
            synchronized (p) {
                if (p.next >= plan.size() || plan.get(p.next) != f || attempt <= p.lastAttempt) {
                    return; // the other instance of this attempt fired it
                }
                p.next++;
                p.lastAttempt = attempt;
                p.lastFiredNanos = System.nanoTime();
            }
            throw new InjectedFailure(name + ": failure injected " + where);
        }
    }

    static final class InjectedFailure extends RuntimeException {
        InjectedFailure(String message) {
            super(message);
        }
    }
}
