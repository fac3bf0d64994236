package io.cityops.sim;

import io.cityops.events.Facility;
import io.cityops.events.FacilityType;
import io.cityops.events.Metric;
import io.cityops.events.SensorReading;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The readings of one facility, generated one at a time in event-time order. A pure function of
 * (seed, facility, script, start, end): the same timeline is produced whether it is generated alone
 * (to compute truth) or merged with the whole fleet.
 *
 * <p>Background behaviour stays strictly below every threshold of RULES.md: reports every interval
 * ±10% (so no gap reaches 3 × interval or 300 s), depth 0–3 cm, manhole tilt 0–1.5°, structure tilt
 * 0–0.5°, LEL 0–2%, and every 0/1 metric 0.
 */
final class Timeline {
    /** Local minute of day at which streetlights switch on and off (Shanghai, summer-ish). */
    static final int DUSK_MIN = 18 * 60 + 50, DAWN_MIN = 5 * 60 + 10;

    static final long SHANGHAI_OFFSET_MS = 8 * 3600_000L;

    final Facility facility;
    private final Script script;
    private final SplittableRandom rng;
    private final long end;
    private final long intervalMs;
    private final List<Script.Extra> extras;
    private int extraIdx;
    private long nextRegular;
    private int lastNight = -1;
    private SensorReading head;

    /**
     * @param key the facility's stable creation number ({@link Site#ordinal}), which seeds its
     *     random stream: ids are only given after scenarios have moved facilities around
     */
    Timeline(Facility facility, long key, Script script, long seed, long start, long end) {
        this.facility = facility;
        this.script = script;
        this.rng = Seeds.random(seed, Seeds.SENSORS, key);
        this.end = end;
        this.intervalMs = facility.intervalSec() * 1000L;
        this.extras = script == null ? List.of() : script.extras();
        this.nextRegular = start + (long) (rng.nextDouble() * intervalMs);
        advance();
    }

    /** The next reading, or null when the timeline is over. */
    SensorReading head() {
        return head;
    }

    /** Moves to the following reading. */
    void advance() {
        head = null;
        while (head == null) {
            long extraTs = extraIdx < extras.size() ? extras.get(extraIdx).ts() : Long.MAX_VALUE;
            long regularTs = nextRegular < end ? nextRegular : Long.MAX_VALUE;
            if (extraTs == Long.MAX_VALUE && regularTs == Long.MAX_VALUE) {
                return;
            }
            if (extraTs <= regularTs) {
                Script.Extra e = extras.get(extraIdx++);
                if (e.ts() < end) {
                    head = new SensorReading(facility.id(), e.ts(), e.metric(), e.value());
                }
            } else {
                long ts = nextRegular;
                nextRegular = ts + (long) (intervalMs * (0.9 + 0.2 * rng.nextDouble()));
                head = regular(ts);
            }
        }
    }

    private SensorReading regular(long ts) {
        // Draw the background value first, so a script never shifts the random stream of a
        // facility's later background readings.
        SensorReading background = background(ts);
        if (script == null) {
            return background;
        }
        if (script.silent(ts)) {
            return null;
        }
        Script.Profile p = script.profileAt(ts);
        if (p != null) {
            return new SensorReading(facility.id(), ts, p.metric(), p.value().at(ts, rng));
        }
        return background;
    }

    private SensorReading background(long ts) {
        double u = rng.nextDouble();
        double v = rng.nextDouble();
        Metric m = Metric.HEARTBEAT;
        double value = 0;
        FacilityType type = facility.type();
        switch (type) {
            case WATER_LEVEL -> {
                if (u < 0.5) {
                    m = Metric.DEPTH_CM;
                    value = Seeds.round1(3.0 * v);
                }
            }
            case MANHOLE -> {
                if (u < 0.2) {
                    m = Metric.TILT_DEG;
                    value = Seeds.round1(1.5 * v);
                } else if (u < 0.3) {
                    m = Metric.OPEN;
                }
            }
            case ELEVATOR -> {
                if (u < 0.1) {
                    m = Metric.FAULT;
                } else if (u < 0.2) {
                    m = Metric.ENTRAPMENT;
                }
            }
            case STREETLIGHT -> {
                int night = isNight(ts) ? 1 : 0;
                // The lamp's self-check when it switches on or off reports no fault.
                if (lastNight >= 0 && night != lastNight) {
                    m = Metric.FAULT;
                }
                lastNight = night;
            }
            case GAS -> {
                if (u < 0.4) {
                    m = Metric.LEL_PCT;
                    value = Seeds.round1(2.0 * v);
                }
            }
            case SMOKE -> {
                if (u < 0.1) {
                    m = Metric.SMOKE;
                }
            }
            case STRUCTURE -> {
                if (u < 0.3) {
                    m = Metric.TILT_DEG;
                    value = Seeds.round1(0.5 * v);
                }
            }
            case WEATHER_STATION ->
                    throw new IllegalStateException("stations send weather, not readings");
        }
        return new SensorReading(facility.id(), ts, m, value);
    }

    static boolean isNight(long ts) {
        int minute = (int) Math.floorMod(ts + SHANGHAI_OFFSET_MS, 86_400_000L) / 60_000;
        return minute >= DUSK_MIN || minute < DAWN_MIN;
    }
}
