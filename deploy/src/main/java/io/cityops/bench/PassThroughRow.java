package io.cityops.bench;

import io.cityops.events.Stream;
import io.cityops.job.JobConfig;
import io.cityops.job.source.Inputs;
import io.cityops.job.source.KafkaInputs;

import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * Row 1: the monitor's own Kafka sources (decoding, lateness per partition, watermarks) for every
 * stream, and nothing after them: what the framework and decoding cost.
 */
final class PassThroughRow {
    private PassThroughRow() {}

    static Row run(Setup s) throws Exception {
        JobConfig config = s.config("pass-through", true);
        Inputs inputs = new CountingInputs(new KafkaInputs(s.prefix(), true));
        return LocalFlink.measure(
                "pass-through",
                s.options().parallelism(),
                s.loaded().total(),
                env -> {
                    env.setParallelism(config.parallelism());
                    for (Stream stream : Stream.values()) {
                        inputs.open(env, stream, config)
                                .sinkTo(new DiscardingSink<>())
                                .name("discard-" + stream.label())
                                .uid("discard-" + stream.label());
                    }
                },
                "Kafka source, decode, discard",
                s.progress());
    }
}
