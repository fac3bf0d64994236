package io.cityops.job.source;

import io.cityops.events.Stream;
import io.cityops.job.CityEvent;
import io.cityops.job.JobConfig;
import io.cityops.job.rules.RuleSetRecord;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.Serializable;

/** Where the job's inputs come from: Kafka topics, or the files of a replay folder. */
public interface Inputs extends Serializable {

    /**
     * The decoded stream with timestamps and watermarks, or null when this input has none of it (a
     * replay folder without that file).
     */
    DataStream<CityEvent> open(StreamExecutionEnvironment env, Stream stream, JobConfig config);

    /**
     * The rule sets deployed while the job runs ({@code city.rules}), or null when the job keeps
     * the set it started with (a bounded replay takes {@code --rules DIR}).
     */
    default DataStream<RuleSetRecord> rules(StreamExecutionEnvironment env, JobConfig config) {
        return null;
    }

    /** The name and uid of the rule-set source. */
    String RULES_SOURCE = "source-rules";

    /** The name and uid of a stream's source operator. */
    static String sourceId(Stream stream) {
        return "source-" + stream.label();
    }
}
