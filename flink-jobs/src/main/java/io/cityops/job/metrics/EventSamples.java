package io.cityops.job.metrics;

import io.cityops.events.Metric;
import io.cityops.events.Stream;
import io.cityops.events.WeatherObservation;
import io.cityops.job.CityEvent;

/**
 * Accepted input as city measurements: {@code events} per stream and district, {@code weather} per
 * district, {@code water_depth} per monitoring point. Readings and observations arrive enriched
 * (their facility's district); orders and warnings carry their district.
 */
public final class EventSamples implements Extractor<CityEvent> {
    private static final long serialVersionUID = 1L;

    @Override
    public void samples(CityEvent e, long watermark, Out out) {
        switch (e.kind) {
            case CityEvent.READING -> {
                count(Stream.SENSORS, e.district, e.ts, out);
                if (e.reading.metric() == Metric.DEPTH_CM) {
                    out.add(
                            Schema.series(
                                    "water_depth",
                                    "district",
                                    e.district,
                                    "sensor",
                                    e.key,
                                    "street",
                                    e.facility == null ? null : e.facility.street()),
                            "depth_cm",
                            e.ts,
                            e.reading.value());
                }
            }
            case CityEvent.OBSERVATION -> {
                count(Stream.WEATHER, e.district, e.ts, out);
                WeatherObservation o = e.observation;
                String series = Schema.series("weather", "district", e.district);
                maybe(series, "rain_mm_1h", e.ts, o.rainMm1h(), out);
                maybe(series, "wind_ms", e.ts, o.windMs(), out);
                maybe(series, "gust_ms", e.ts, o.gustMs(), out);
            }
            case CityEvent.WARNING -> count(Stream.WEATHER, e.district, e.ts, out);
            case CityEvent.ORDER -> count(Stream.STREET_ORDERS, e.order.district(), e.ts, out);
            case CityEvent.ACTION -> count(Stream.DISPATCH_ACTIONS, "none", e.ts, out);
            default -> {
                // registry entries carry no event time; rejections are counted from the dead letter
            }
        }
    }

    private static void count(Stream stream, String district, long ts, Out out) {
        out.add(
                Schema.series("events", "district", district, "stream", stream.label()),
                "count",
                ts,
                1);
    }

    private static void maybe(String series, String field, long ts, Double v, Out out) {
        if (v != null) {
            out.add(series, field, ts, v);
        }
    }
}
