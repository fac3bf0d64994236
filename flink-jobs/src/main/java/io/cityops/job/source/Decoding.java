package io.cityops.job.source;

import io.cityops.events.Codec;
import io.cityops.events.Decoded;
import io.cityops.events.Stream;
import io.cityops.events.WeatherObservation;
import io.cityops.events.WeatherWarning;
import io.cityops.job.CityEvent;

/** Turns one line of a stream into a {@link CityEvent}: the decoded value, or a rejection. */
public final class Decoding {
    private Decoding() {}

    public static CityEvent decode(Stream stream, String raw) {
        return switch (stream) {
            case REGISTRY -> wrap(stream, raw, Codec.decodeFacility(raw), CityEvent::facility);
            case SENSORS -> wrap(stream, raw, Codec.decodeSensorReading(raw), CityEvent::reading);
            case STREET_ORDERS -> wrap(stream, raw, Codec.decodeStreetOrder(raw), CityEvent::order);
            case DISPATCH_ACTIONS ->
                    wrap(stream, raw, Codec.decodeDispatchAction(raw), CityEvent::action);
            case WEATHER ->
                    wrap(
                            stream,
                            raw,
                            Codec.decodeWeather(raw),
                            w ->
                                    w instanceof WeatherObservation o
                                            ? CityEvent.observation(o)
                                            : CityEvent.warning((WeatherWarning) w, null));
        };
    }

    private static <T> CityEvent wrap(
            Stream stream, String raw, Decoded<T> d, java.util.function.Function<T, CityEvent> ok) {
        if (d.isOk()) {
            return ok.apply(d.value());
        }
        // Codec.deadLetter keeps at most MAX_MESSAGE_BYTES chars of the text: a 10 MB line must
        // not become a 10 MB dead letter, which the dead-letter topic would refuse.
        return CityEvent.rejected(Codec.deadLetter(stream, raw, d.rejection()));
    }
}
