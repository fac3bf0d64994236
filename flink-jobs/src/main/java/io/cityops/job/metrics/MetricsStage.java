package io.cityops.job.metrics;

import io.cityops.events.DeadLetter;
import io.cityops.job.CityEvent;
import io.cityops.job.sink.KeyedJson;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The metrics stage (docs/metrics.md): city measurements in event time from the accepted input, the
 * facilities heard from, the dead letters and the incident versions, aggregated per series and
 * bucket and written to InfluxDB by {@link InfluxWriter}.
 *
 * <pre>
 * accepted events ─ combine ─┐
 * facilities heard ─ combine ─┼─ by series ─ buckets ─ InfluxDB
 * dead letters ─ combine ─────┤
 * incident versions ─ by id ──┘
 * </pre>
 */
public final class MetricsStage {
    /** Points held per subtask while InfluxDB is away, before new ones are dropped. */
    public static final int BUFFER = 100_000;

    private MetricsStage() {}

    public static void attach(
            String url,
            String database,
            DataStream<CityEvent> events,
            DataStream<CityEvent> heard,
            DataStream<DeadLetter> deadLetters,
            DataStream<KeyedJson> incidents) {
        TypeInformation<Sample> sample = TypeInformation.of(Sample.class);
        DataStream<Sample> fromEvents =
                events.transform("metrics-events", sample, new SampleCombiner<>(new EventSamples()))
                        .uid("metrics-events");
        DataStream<Sample> all = fromEvents;
        if (heard != null) {
            all =
                    all.union(
                            heard.transform(
                                            "metrics-heard",
                                            sample,
                                            new SampleCombiner<>(new HeardSamples()))
                                    .uid("metrics-heard"));
        }
        all =
                all.union(
                        deadLetters
                                .transform(
                                        "metrics-rejected",
                                        sample,
                                        new SampleCombiner<>(new RejectedSamples()))
                                .uid("metrics-rejected"),
                        incidents
                                .keyBy(k -> k.key)
                                .process(new IncidentSamples(), sample)
                                .name("metrics-incidents")
                                .uid("metrics-incidents"));
        all.keyBy(s -> s.key)
                .process(new BucketAggregator(), Types.STRING)
                .name("metrics-buckets")
                .uid("metrics-buckets")
                .transform("metrics-influxdb", Types.VOID, new InfluxWriter(url, database, BUFFER))
                .uid("metrics-influxdb");
    }
}
