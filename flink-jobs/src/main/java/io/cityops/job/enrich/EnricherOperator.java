package io.cityops.job.enrich;

import io.cityops.job.CityEvent;
import io.cityops.job.source.CityWatermarks;

import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;

/**
 * Runs the {@link Enricher} and tells it when the registry (input 1) has been loaded: when the
 * registry's watermark reaches {@link CityWatermarks#LOADED} (live) or the end of input (replay).
 */
public class EnricherOperator
        extends KeyedCoProcessOperator<String, CityEvent, CityEvent, CityEvent> {
    private static final long serialVersionUID = 1L;

    public EnricherOperator() {
        super(new Enricher());
    }

    @Override
    public void processWatermark1(Watermark mark) throws Exception {
        if (mark.getTimestamp() >= CityWatermarks.LOADED) {
            ((Enricher) getUserFunction()).registryLoaded = true;
        }
        super.processWatermark1(mark);
    }
}
