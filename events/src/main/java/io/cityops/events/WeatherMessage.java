package io.cityops.events;

/** A message of the weather stream: an observation or a warning. */
public sealed interface WeatherMessage permits WeatherObservation, WeatherWarning {
    long ts();
}
