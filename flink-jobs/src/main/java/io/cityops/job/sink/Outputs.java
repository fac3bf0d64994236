package io.cityops.job.sink;

import org.apache.flink.streaming.api.datastream.DataStream;

import java.io.Serializable;

/** Where the job's outputs go: Kafka topics, or back to the caller of a bounded run. */
public interface Outputs extends Serializable {
    void attach(DataStream<KeyedJson> incidents, DataStream<KeyedJson> deadLetters);
}
