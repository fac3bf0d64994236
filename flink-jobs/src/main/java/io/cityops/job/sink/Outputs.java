package io.cityops.job.sink;

import org.apache.flink.streaming.api.datastream.DataStream;

import java.io.Serializable;

/** Where the job's outputs go: Kafka topics, or back to the caller of a bounded run. */
public interface Outputs extends Serializable {

    /**
     * The job's outputs: incident versions (key: id), dead letters (no key), escalations of missed
     * deadlines (key: incident id), and what the rules stage made of each deployed rule set (key:
     * version; null when the job takes no rule sets while it runs).
     */
    record Streams(
            DataStream<KeyedJson> incidents,
            DataStream<KeyedJson> deadLetters,
            DataStream<KeyedJson> escalations,
            DataStream<KeyedJson> ruleStatus) {

        public Streams(
                DataStream<KeyedJson> incidents,
                DataStream<KeyedJson> deadLetters,
                DataStream<KeyedJson> escalations) {
            this(incidents, deadLetters, escalations, null);
        }
    }

    void attach(Streams streams);
}
