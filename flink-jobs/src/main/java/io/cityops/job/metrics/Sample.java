package io.cityops.job.metrics;

/**
 * One contribution to a point: {@code key} names the series and field ({@code measurement,tags
 * field}, see {@link Schema#key}), {@code bucket} the start of its time bucket (event time, ms).
 * How contributions combine is the field's {@link Schema.Agg}. A Flink POJO.
 */
public class Sample {
    public String key;
    public long bucket;
    public double value;

    public Sample() {}

    public Sample(String key, long bucket, double value) {
        this.key = key;
        this.bucket = bucket;
        this.value = value;
    }

    @Override
    public String toString() {
        return key + "@" + bucket + "=" + value;
    }
}
