package io.cityops.sim;

import io.cityops.events.Facility;
import io.cityops.events.FacilityType;
import io.cityops.events.WeatherMessage;
import io.cityops.events.WeatherObservation;
import io.cityops.events.WeatherWarning;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The weather stream: every station observes every 10 min (at a fixed second of its own), calm
 * unless a front or squall passes (calm: rain under 3 mm/h, gusts under 9 m/s), plus the bureau's
 * warnings. Small enough (~29,000 observations a day) to hold in memory.
 */
final class Weather {
    static final long PERIOD_MS = 600_000;

    private Weather() {}

    /** The unit vector (east, north) of a compass direction, or null. */
    static double[] bearing(String direction) {
        int deg =
                switch (direction) {
                    case "N" -> 0;
                    case "NE" -> 45;
                    case "E" -> 90;
                    case "SE" -> 135;
                    case "S" -> 180;
                    case "SW" -> 225;
                    case "W" -> 270;
                    case "NW" -> 315;
                    default -> -1;
                };
        if (deg < 0) {
            return null;
        }
        double r = Math.toRadians(deg);
        return new double[] {Math.sin(r), Math.cos(r)};
    }

    static List<WeatherMessage> generate(
            List<Facility> registry, List<Event> events, long seed, long start, long end) {
        List<Event.Front> fronts = new ArrayList<>();
        List<Event.Squall> squalls = new ArrayList<>();
        List<WeatherMessage> out = new ArrayList<>();
        for (Event e : events) {
            if (e instanceof Event.Front f) {
                fronts.add(f);
            } else if (e instanceof Event.Squall s) {
                squalls.add(s);
            } else if (e instanceof Event.Warning w) {
                out.add(
                        new WeatherWarning(
                                start + w.at(),
                                w.hazard(),
                                w.level(),
                                w.districts(),
                                w.until() == null ? null : start + w.until()));
            }
        }
        double season = seasonalMean(start);
        int index = 0;
        for (Facility st : registry) {
            if (st.type() != FacilityType.WEATHER_STATION) {
                continue;
            }
            SplittableRandom r = Seeds.random(seed, Seeds.WEATHER, index++);
            long offset = r.nextInt(60) * 1000L;
            for (long ts = start + offset; ts < end; ts += PERIOD_MS) {
                double rain = r.nextDouble() < 0.85 ? 0 : Seeds.between(r, 0.1, 3.0);
                double wind = Seeds.between(r, 1.0, 5.0);
                double gust = wind + Seeds.between(r, 0.5, 3.5);
                double hour =
                        Math.floorMod(ts + Timeline.SHANGHAI_OFFSET_MS, 86_400_000L) / 3_600_000.0;
                double temp =
                        season
                                + 4 * Math.sin(2 * Math.PI * (hour - 9) / 24)
                                + Seeds.between(r, -0.5, 0.5);
                double noiseRain = Seeds.between(r, 0.85, 1.15);
                double noiseGust = Seeds.between(r, 0.92, 1.08);
                double noiseSquall = Seeds.between(r, -0.5, 0.5);
                for (Event.Front f : fronts) {
                    double k = intensity(f, st, start, ts);
                    rain += f.rainMmH() * k * noiseRain;
                    gust = Math.max(gust, f.gustMs() * k * noiseGust);
                    temp -= 3 * k;
                }
                for (Event.Squall s : squalls) {
                    if (s.district().equals(st.district())
                            && ts >= start + s.at()
                            && ts < start + s.at() + s.duration()) {
                        gust = Math.max(gust, s.gustMs() + noiseSquall);
                    }
                }
                wind = Math.max(wind, gust * 0.6);
                out.add(
                        new WeatherObservation(
                                st.id(),
                                ts,
                                Seeds.round1(rain),
                                Seeds.round1(wind),
                                Seeds.round1(gust),
                                Seeds.round1(temp)));
            }
        }
        out.sort(
                Comparator.comparingLong(WeatherMessage::ts)
                        .thenComparing(m -> m instanceof WeatherObservation o ? o.station() : ""));
        return out;
    }

    /**
     * How strongly a front hits a station at {@code ts}: 1 on its centre line, 0 beyond width/2.
     */
    static double intensity(Event.Front f, Facility st, long start, long ts) {
        double[] u = bearing(f.moving());
        double x =
                (st.lon() - f.passes().lon()) * 111.32 * Math.cos(Math.toRadians(f.passes().lat()));
        double y = (st.lat() - f.passes().lat()) * 110.57;
        double along = x * u[0] + y * u[1];
        double centre = f.speedKmh() * (ts - (start + f.at())) / 3_600_000.0;
        double d = along - centre;
        double half = f.widthKm() / 2;
        if (Math.abs(d) >= half) {
            return 0;
        }
        double c = Math.cos(Math.PI * d / f.widthKm());
        return c * c;
    }

    private static double seasonalMean(long start) {
        int month = Instant.ofEpochMilli(start).atZone(Scenario.SHANGHAI).getMonthValue();
        return switch (month) {
            case 12, 1, 2 -> 6;
            case 3, 4, 11 -> 14;
            case 5, 10 -> 21;
            default -> 28;
        };
    }
}
