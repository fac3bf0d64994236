package io.cityops.job.enrich;

import io.cityops.job.CityEvent;

import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * Runs the {@link Enricher} and tells it when the registry (input 1) has been loaded: when its
 * watermark reaches the end of input (the bounded read of the registry ended: a replay's file, or
 * the topic up to the end offsets it had when the job started) or the input turns idle.
 *
 * <p>From then on the registry input is idle for good: entries carry no event time, and the end of
 * the bounded read must not pass as the end of time, which it would the moment every event input
 * turned idle (a live job whose readings pause would jump its rules to +∞).
 */
public class EnricherOperator
        extends KeyedCoProcessOperator<String, CityEvent, CityEvent, CityEvent> {
    private static final long serialVersionUID = 1L;

    private transient boolean registryDone;

    public EnricherOperator() {
        this(false);
    }

    /** {@code trackHeard}: also emit {@link Enricher#HEARD} (the metrics stage is on). */
    public EnricherOperator(boolean trackHeard) {
        super(new Enricher(trackHeard));
    }

    @Override
    public void processWatermark1(Watermark mark) throws Exception {
        if (registryDone) {
            return;
        }
        if (mark.getTimestamp() == Long.MAX_VALUE) {
            registryRead();
            return;
        }
        super.processWatermark1(mark);
    }

    @Override
    protected void processWatermarkStatus(WatermarkStatus status, int index) throws Exception {
        if (index == 0) {
            if (!registryDone && status.isIdle()) {
                registryRead();
            }
            if (registryDone) {
                return;
            }
        }
        super.processWatermarkStatus(status, index);
    }

    private void registryRead() throws Exception {
        registryDone = true;
        ((Enricher) getUserFunction()).registryLoaded = true;
        super.processWatermarkStatus(WatermarkStatus.IDLE, 0);
    }
}
