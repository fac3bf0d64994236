package io.cityops.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Measures a row: process CPU time (com.sun.management), the heap pools' peaks (reset before each
 * row), and, for a job that runs on its own, samples of its event count taken every 50 ms so that
 * the rate is taken between 10% and 90% of its events, leaving out start-up and the tail.
 */
final class Meter implements AutoCloseable {
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private record Sample(long nanos, long count, long cpu) {}

    private final LongSupplier count;
    private final long expected;
    private final Progress progress;
    private final long startNanos = System.nanoTime();
    private final List<Sample> samples = new ArrayList<>();
    private final Thread sampler;
    private volatile boolean running = true;

    private Meter(LongSupplier count, long expected, Progress progress) {
        this.count = count;
        this.expected = expected;
        this.progress = progress;
        sample();
        sampler =
                new Thread(
                        () -> {
                            long lastSay = System.nanoTime();
                            while (running) {
                                try {
                                    Thread.sleep(50);
                                } catch (InterruptedException e) {
                                    return;
                                }
                                sample();
                                if (System.nanoTime() - lastSay > 10e9) {
                                    lastSay = System.nanoTime();
                                    progress.say(
                                            "  %,d of %,d records read",
                                            count.getAsLong(), expected);
                                }
                            }
                        },
                        "bench-meter");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Collects garbage and resets the heap peaks, then starts sampling {@code count}. */
    static Meter start(LongSupplier count, long expected, Progress progress) {
        resetHeap();
        return new Meter(count, expected, progress);
    }

    static void resetHeap() {
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
        }
    }

    static long cpuNanos() {
        return OS.getProcessCpuTime();
    }

    static long totalMemory() {
        return OS.getTotalMemorySize();
    }

    /** Sum of the heap pools' peaks, and the old generation's. */
    static long[] heapPeaks() {
        long sum = 0;
        long old = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                long peak = p.getPeakUsage().getUsed();
                sum += peak;
                if (p.getName().contains("Old") || p.getName().contains("Tenured")) {
                    old = peak;
                }
            }
        }
        return new long[] {sum, old};
    }

    private synchronized void sample() {
        samples.add(new Sample(System.nanoTime(), count.getAsLong(), cpuNanos()));
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }

    /** Stops sampling and makes the row; {@code events} is what the row handled in all. */
    Row row(String name, long events, String note) {
        close();
        try {
            sampler.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sample();
        double wall = (System.nanoTime() - startNanos) / 1e9;
        Sample lo = first(expected / 10);
        Sample hi = first(expected * 9 / 10);
        if (lo == null || hi == null || hi.count - lo.count < expected / 4) {
            // Too quick to sample a window (or fewer events than expected): the whole run.
            lo = samples.get(0);
            hi = samples.get(samples.size() - 1);
        }
        long n = Math.max(1, hi.count - lo.count);
        double seconds = Math.max(1e-9, (hi.nanos - lo.nanos) / 1e9);
        long[] heap = heapPeaks();
        return new Row(
                name,
                events,
                wall,
                n / seconds,
                (hi.cpu - lo.cpu) / 1e9 / n * 1e6,
                heap[0],
                heap[1],
                note);
    }

    private synchronized Sample first(long atLeast) {
        for (Sample s : samples) {
            if (s.count >= atLeast && s.count > 0) {
                return s;
            }
        }
        return null;
    }
}
