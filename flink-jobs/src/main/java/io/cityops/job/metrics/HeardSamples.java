package io.cityops.job.metrics;

import io.cityops.job.CityEvent;

/**
 * {@code sensors_online}: the enricher passes on the first reading of each facility in each ten
 * minutes ({@link io.cityops.job.enrich.Enricher#HEARD}), so counting them counts distinct
 * facilities.
 */
public final class HeardSamples implements Extractor<CityEvent> {
    private static final long serialVersionUID = 1L;

    @Override
    public void samples(CityEvent e, long watermark, Out out) {
        out.add(
                Schema.series(
                        "sensors_online",
                        "district",
                        e.district,
                        "street",
                        e.facility.street(),
                        "type",
                        e.facility.type().name()),
                "count",
                e.ts,
                1);
    }
}
