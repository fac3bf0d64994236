package io.cityops.job.sink;

/**
 * An output message: its Kafka key, its JSON, and for incidents the version, so that a consumer (or
 * the replay's file writer) keeps the latest state. A Flink POJO.
 */
public class KeyedJson {
    public String key;
    public String json;
    public long version;
    public long ts;

    /**
     * For an incident version raised by an input: wall-clock ms from that input's arrival in the
     * job to this version's emission; {@link #NO_LATENCY} otherwise. Feeds the latency metric.
     */
    public long latencyMs = NO_LATENCY;

    public static final long NO_LATENCY = -1;

    public KeyedJson() {}

    public KeyedJson(String key, String json, long version, long ts) {
        this.key = key;
        this.json = json;
        this.version = version;
        this.ts = ts;
    }
}
