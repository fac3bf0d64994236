package io.cityops.job.rules;

import io.cityops.job.CityEvent;

import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * An event as the rules fed it to Esper, kept for rebuilding Esper after a restore: the event and,
 * for a reading, the facility's state after it (the state moves on, the replay must not). Written
 * by {@link FedEventSerializer}.
 */
@TypeInfo(FedEventSerializer.Factory.class)
public class FedEvent {
    public CityEvent event;

    /** The facility's latest metrics after this reading ({@link FacilityState}); null otherwise. */
    public double[] state;

    public FedEvent() {}

    FedEvent(CityEvent event, double[] state) {
        this.event = event;
        this.state = state;
    }

    long ts() {
        return event.ts;
    }
}
