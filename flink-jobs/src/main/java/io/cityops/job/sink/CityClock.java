package io.cityops.job.sink;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Tells the world the city's time: once a second (wall clock) it emits the watermark that the
 * incident stage has reached, as {@code {"watermark":…,"wall":…}} for the {@code city.clock} topic.
 * The console stamps dispatch actions with it, so a person's action lands in the same event time as
 * the incidents they see, even when a demo runs the city at 60 times real time.
 */
public class CityClock extends AbstractStreamOperator<KeyedJson>
        implements OneInputStreamOperator<KeyedJson, KeyedJson> {
    private static final long serialVersionUID = 1L;
    public static final String TOPIC = "city.clock";
    static final long PERIOD_MS = 1000;

    private transient long watermark = Long.MIN_VALUE;

    @Override
    public void open() throws Exception {
        super.open();
        long now = getProcessingTimeService().getCurrentProcessingTime();
        getProcessingTimeService().registerTimer(now + PERIOD_MS, this::tick);
    }

    private void tick(long now) {
        if (watermark > 0 && watermark < Long.MAX_VALUE) {
            String json = "{\"watermark\":" + watermark + ",\"wall\":" + now + "}";
            output.collect(new StreamRecord<>(new KeyedJson(null, json, 0, watermark)));
        }
        getProcessingTimeService().registerTimer(now + PERIOD_MS, this::tick);
    }

    @Override
    public void processElement(StreamRecord<KeyedJson> element) {}

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        watermark = mark.getTimestamp();
        super.processWatermark(mark);
    }
}
