package io.cityops.job.rules;

import io.cityops.events.Facility;
import io.cityops.events.SensorReading;
import io.cityops.events.StreetOrder;
import io.cityops.events.WeatherObservation;
import io.cityops.events.WeatherWarning;

import java.util.function.Consumer;

/**
 * One Esper runtime with an external clock, running a {@link RuleSet} and handing every {@link
 * Signal} the rules emit to a consumer, synchronously.
 *
 * <p>The caller owns time: it calls {@link #advanceTo} with the event time of the next event before
 * sending it, and with the watermark when no event is due. Time never goes back.
 *
 * <p>STUB: the rules work fills this in.
 */
public final class RuleEngine implements AutoCloseable {

    /**
     * @param uri unique in the JVM (Esper runtimes are JVM-wide)
     */
    public RuleEngine(String uri, RuleSet rules, Consumer<Signal> out) throws RuleLoadException {
        throw new UnsupportedOperationException("not yet");
    }

    /** Advance Esper's clock to {@code ts}, firing every timer due on the way at its own time. */
    public void advanceTo(long ts) {}

    public long currentTime() {
        return 0;
    }

    /** A reading; {@code state} is the facility's latest metrics after it (see FacilityState). */
    public void reading(Facility facility, SensorReading reading, double[] state, String cell) {}

    /** An observation from a station in the registry. */
    public void observation(WeatherObservation observation, Facility station) {}

    /** A warning, once for each district it covers. */
    public void warning(WeatherWarning warning, String district) {}

    /** A street order (already deduplicated by id). */
    public void order(StreetOrder order, String cell) {}

    @Override
    public void close() {}
}
