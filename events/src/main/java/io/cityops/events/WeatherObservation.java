package io.cityops.events;

/** An automatic station's observation. Each measurement is optional (null when not reported). */
public record WeatherObservation(
        String station, long ts, Double rainMm1h, Double windMs, Double gustMs, Double tempC)
        implements WeatherMessage {}
