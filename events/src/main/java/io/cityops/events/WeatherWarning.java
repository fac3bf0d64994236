package io.cityops.events;

import java.util.List;

/**
 * A warning from the meteorological bureau. An empty {@code districts} list means the whole city;
 * {@code until} is null when the warning has no announced end.
 */
public record WeatherWarning(
        long ts, Hazard hazard, WarningLevel level, List<String> districts, Long until)
        implements WeatherMessage {}
