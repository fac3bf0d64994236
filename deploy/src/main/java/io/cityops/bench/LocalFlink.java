package io.cityops.bench;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/** A local Flink (MiniCluster in this JVM) per row, and a bounded job measured as it runs. */
final class LocalFlink {
    private LocalFlink() {}

    /**
     * Cancels a job and waits until it has ended, so that its MiniCluster is shut down and its
     * state is garbage before the next row measures the heap.
     */
    static void cancel(JobClient job) throws InterruptedException {
        try {
            job.cancel().get();
            job.getJobExecutionResult().get();
        } catch (ExecutionException | IllegalStateException e) {
            // Cancelled (its result is its cancellation), or already over and its MiniCluster gone.
        }
        // The per-job MiniCluster closes once the job's result is out; give it a moment.
        Thread.sleep(2_000);
    }

    static StreamExecutionEnvironment env(int parallelism) {
        return env(parallelism, new Configuration());
    }

    static StreamExecutionEnvironment env(int parallelism, Configuration conf) {
        conf.set(RestOptions.BIND_PORT, "0");
        return StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
    }

    /**
     * Runs a bounded job built by {@code build} over {@code expected} input records (counted by
     * {@link CountingInputs}) and measures it.
     */
    static Row measure(
            String name,
            int parallelism,
            long expected,
            Consumer<StreamExecutionEnvironment> build,
            String note,
            Progress progress)
            throws Exception {
        StreamExecutionEnvironment env = env(parallelism);
        build.accept(env);
        CountingInputs.READ.reset();
        Meter meter = Meter.start(CountingInputs.READ::sum, expected, progress);
        try {
            env.execute("cityops bench " + name);
        } finally {
            meter.close();
        }
        long read = CountingInputs.READ.sum();
        if (read != expected) {
            throw new IllegalStateException(
                    name + " read " + read + " records, expected " + expected);
        }
        return meter.row(name, read, note);
    }
}
