package io.cityops.bench;

import io.cityops.events.Stream;
import io.cityops.job.CityEvent;
import io.cityops.job.JobConfig;
import io.cityops.job.source.Inputs;

import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.util.concurrent.atomic.LongAdder;

/**
 * Other inputs, each followed by a map chained to its source that counts what the source emits (one
 * add per record), so that the bench can sample a job's progress. The count lives in this JVM: the
 * bench runs its jobs on a local MiniCluster.
 */
final class CountingInputs implements Inputs {
    private static final long serialVersionUID = 1L;
    static final LongAdder READ = new LongAdder();

    private final Inputs inner;

    CountingInputs(Inputs inner) {
        this.inner = inner;
    }

    @Override
    public DataStream<CityEvent> open(
            StreamExecutionEnvironment env, Stream stream, JobConfig config) {
        DataStream<CityEvent> raw = inner.open(env, stream, config);
        if (raw == null) {
            return null;
        }
        return raw.map(new Count()).name("count-" + stream.label()).uid("count-" + stream.label());
    }

    static final class Count implements MapFunction<CityEvent, CityEvent> {
        private static final long serialVersionUID = 1L;

        @Override
        public CityEvent map(CityEvent e) {
            READ.increment();
            return e;
        }
    }
}
