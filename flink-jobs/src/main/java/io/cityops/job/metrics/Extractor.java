package io.cityops.job.metrics;

import java.io.Serializable;

/** Turns one input into samples, given the operator's current watermark. */
@FunctionalInterface
public interface Extractor<T> extends Serializable {

    /** Where samples go: the series, the field, the event time and the value. */
    interface Out {
        void add(String series, String field, long ts, double value);
    }

    void samples(T in, long watermark, Out out);
}
