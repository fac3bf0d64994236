package io.cityops.sim;

import io.cityops.events.Hazard;
import io.cityops.events.OrderCategory;
import io.cityops.events.OrderSource;
import io.cityops.events.WarningLevel;

import java.util.List;

/**
 * The scripted happenings of a scenario. Times are offsets in ms from the scenario's start unless
 * the field says it is relative to something else (a flood's onset, a district's first gale gust).
 */
sealed interface Event {

    /** A named place, e.g. a metro station exit. */
    record Point(String name, double lat, double lon) {}

    /**
     * An underpass floods: depth rises linearly from 2 cm to {@code peakCm} over {@code rise},
     * holds, recedes over {@code recede}, then reports under 3 cm for 40 min. Other events refer to
     * it by {@code id}; its onset is the first reading at or above 15 cm.
     */
    record Flood(
            String id, String district, long at, double peakCm, long rise, long hold, long recede)
            implements Event {}

    /**
     * A manhole cover lifts (open = 1) for {@code openFor}. With {@code near}, the manhole is moved
     * into the flooded underpass's H3 cell and {@code at} counts from the flood's onset.
     */
    record ManholeLift(String near, String district, long at, long openFor) implements Event {}

    /**
     * {@code count} orders of one category in one H3 cell, spread over {@code over}: the cell of a
     * flood's underpass ({@code near}, {@code at} from its onset) or of a named point.
     */
    record Orders(
            String near,
            Point point,
            String district,
            OrderCategory category,
            OrderSource source,
            int count,
            long at,
            long over)
            implements Event {}

    /**
     * {@code sensors} manholes and elevators of one street-town (the {@code street}-th of the
     * district) go silent, each at a moment within {@code spread} after {@code at}, sending a last
     * heartbeat as their link drops, and come back after {@code duration}.
     */
    record Outage(String district, int street, int sensors, long at, long spread, long duration)
            implements Event {}

    /** A passenger is trapped in an elevator at {@code at}; released after {@code duration}. */
    record Entrapment(String district, long at, long duration) implements Event {}

    /**
     * A gas leak in a building: LEL rises linearly from 2% to {@code peakLel}, holds, falls back to
     * 2% and then reports 0–2% for 15 min. With {@code smoke}, the building's smoke detector
     * reports smoke = 1 {@code smokeAfter} after the first reading at or above 10%.
     */
    record GasLeak(
            String district,
            long at,
            double peakLel,
            long rise,
            long hold,
            long fall,
            boolean smoke,
            long smokeAfter)
            implements Event {}

    /**
     * One structure per value in {@code tilts} leans to that angle for {@code hold}, then settles
     * under 0.5°. With {@code afterGust}, {@code at} counts from the first observation with a gust
     * of 17.2 m/s or more at a station of the district.
     */
    record StructureTilt(String district, boolean afterGust, long at, List<Double> tilts, long hold)
            implements Event {}

    /**
     * {@code count} streetlights, moved into one H3 cell, report fault = 1 one after another within
     * {@code spread}, and fault = 0 after {@code fixAfter}.
     */
    record StreetlightFault(String district, int count, long at, long spread, long fixAfter)
            implements Event {}

    /**
     * A band of weather moving across the city in direction {@code moving} (N, NE, E, …). Its
     * centre line passes {@code passes} at {@code at}; rain and gusts peak on that line and fade to
     * nothing at {@code widthKm}/2 on either side.
     */
    record Front(
            Point passes,
            long at,
            String moving,
            double speedKmh,
            double widthKm,
            double rainMmH,
            double gustMs)
            implements Event {}

    /** Gusts of about {@code gustMs} at every station of one district for {@code duration}. */
    record Squall(String district, long at, long duration, double gustMs) implements Event {}

    /** A warning from the meteorological bureau; empty districts = the whole city. */
    record Warning(long at, Hazard hazard, WarningLevel level, List<String> districts, Long until)
            implements Event {}
}
