package io.cityops.sim;

import io.cityops.events.Facility;
import io.cityops.events.SensorReading;
import io.cityops.events.StreetOrder;
import io.cityops.events.WeatherMessage;
import io.cityops.events.WeatherObservation;
import io.cityops.events.WeatherWarning;

/** The contract's JSON for each message, field names exactly as CONTRACT.md spells them. */
final class Wire {
    private Wire() {}

    static String facility(Facility f) {
        return Json.object()
                .str("id", f.id())
                .str("type", f.type().name())
                .num("lat", f.lat())
                .num("lon", f.lon())
                .str("district", f.district())
                .str("street", f.street())
                .str("building", f.building())
                .num("intervalSec", (long) f.intervalSec())
                .str("name", f.name())
                .done();
    }

    static String reading(SensorReading r) {
        return Json.object()
                .str("sensor", r.sensor())
                .num("ts", r.ts())
                .str("metric", r.metric().wire())
                .num("value", r.value())
                .done();
    }

    static String order(StreetOrder o) {
        return Json.object()
                .str("id", o.id())
                .num("ts", o.ts())
                .str("source", o.source().name())
                .str("category", o.category().name())
                .num("lat", o.lat())
                .num("lon", o.lon())
                .str("district", o.district())
                .str("street", o.street())
                .str("address", o.address())
                .str("text", o.text())
                .done();
    }

    static String weather(WeatherMessage m) {
        if (m instanceof WeatherObservation o) {
            return Json.object()
                    .str("kind", "OBSERVATION")
                    .str("station", o.station())
                    .num("ts", o.ts())
                    .num("rain_mm_1h", o.rainMm1h())
                    .num("wind_ms", o.windMs())
                    .num("gust_ms", o.gustMs())
                    .num("temp_c", o.tempC())
                    .done();
        }
        WeatherWarning w = (WeatherWarning) m;
        return Json.object()
                .str("kind", "WARNING")
                .num("ts", w.ts())
                .str("hazard", w.hazard().name())
                .str("level", w.level().name())
                .strings("districts", w.districts())
                .num("until", w.until())
                .done();
    }

    static String truth(TruthEntry t) {
        return Json.object()
                .str("rule", t.rule())
                .str("subject", t.subject())
                .num("earliest", t.earliestOpen())
                .num("latest", t.latestOpen())
                .done();
    }
}
