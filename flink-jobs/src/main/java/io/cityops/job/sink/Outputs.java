package io.cityops.job.sink;

import org.apache.flink.streaming.api.datastream.DataStream;

import java.io.Serializable;

/** Where the job's outputs go: Kafka topics, or back to the caller of a bounded run. */
public interface Outputs extends Serializable {

    /**
     * The job's outputs: incident versions (key: id), dead letters (no key), and escalations of
     * missed deadlines (key: incident id).
     */
    record Streams(
            DataStream<KeyedJson> incidents,
            DataStream<KeyedJson> deadLetters,
            DataStream<KeyedJson> escalations) {}

    void attach(Streams streams);
}
