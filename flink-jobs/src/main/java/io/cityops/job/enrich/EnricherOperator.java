package io.cityops.job.enrich;

import io.cityops.job.CityEvent;

import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * Runs the {@link Enricher} and tells it when the registry (input 1) has been loaded: when the
 * registry input turns idle (live: its topic has been read to the end) or its watermark reaches the
 * end of input (a replay's file has been read).
 */
public class EnricherOperator
        extends KeyedCoProcessOperator<String, CityEvent, CityEvent, CityEvent> {
    private static final long serialVersionUID = 1L;

    public EnricherOperator() {
        this(false);
    }

    /** {@code trackHeard}: also emit {@link Enricher#HEARD} (the metrics stage is on). */
    public EnricherOperator(boolean trackHeard) {
        super(new Enricher(trackHeard));
    }

    @Override
    public void processWatermark1(Watermark mark) throws Exception {
        if (mark.getTimestamp() == Long.MAX_VALUE) {
            loaded();
        }
        super.processWatermark1(mark);
    }

    @Override
    protected void processWatermarkStatus(WatermarkStatus status, int index) throws Exception {
        if (index == 0 && status.isIdle()) {
            loaded();
        }
        super.processWatermarkStatus(status, index);
    }

    private void loaded() {
        ((Enricher) getUserFunction()).registryLoaded = true;
    }
}
