package io.cityops.sim;

import io.cityops.events.Facility;
import io.cityops.events.SensorReading;
import io.cityops.events.Stream;
import io.cityops.events.StreetOrder;
import io.cityops.events.WeatherMessage;
import io.cityops.events.WeatherObservation;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The registry, then weather, street orders and sensor readings merged in event-time order (at
 * equal ts: weather, then orders, then readings, so a gust is seen before the tilt it causes).
 */
final class MessageMerge implements Iterator<SimMessage> {
    private final List<Facility> registry;
    private final List<WeatherMessage> weather;
    private final List<StreetOrder> orders;
    private final Iterator<SensorReading> sensors;
    private final long registryTs;
    private int r;
    private int w;
    private int o;
    private SensorReading nextReading;

    MessageMerge(
            List<Facility> registry,
            List<WeatherMessage> weather,
            List<StreetOrder> orders,
            Iterator<SensorReading> sensors,
            long registryTs) {
        this.registry = registry;
        this.weather = weather;
        this.orders = orders;
        this.sensors = sensors;
        this.registryTs = registryTs;
        this.nextReading = sensors.hasNext() ? sensors.next() : null;
    }

    @Override
    public boolean hasNext() {
        return r < registry.size()
                || w < weather.size()
                || o < orders.size()
                || nextReading != null;
    }

    @Override
    public SimMessage next() {
        if (r < registry.size()) {
            Facility f = registry.get(r++);
            return new SimMessage(Stream.REGISTRY, f.id(), Wire.facility(f), registryTs);
        }
        long tw = w < weather.size() ? weather.get(w).ts() : Long.MAX_VALUE;
        long to = o < orders.size() ? orders.get(o).ts() : Long.MAX_VALUE;
        long ts = nextReading != null ? nextReading.ts() : Long.MAX_VALUE;
        if (tw == Long.MAX_VALUE && to == Long.MAX_VALUE && ts == Long.MAX_VALUE) {
            throw new NoSuchElementException();
        }
        if (tw <= to && tw <= ts) {
            WeatherMessage m = weather.get(w++);
            String key = m instanceof WeatherObservation obs ? obs.station() : "warning";
            return new SimMessage(Stream.WEATHER, key, Wire.weather(m), m.ts());
        }
        if (to <= ts) {
            StreetOrder so = orders.get(o++);
            return new SimMessage(Stream.STREET_ORDERS, so.district(), Wire.order(so), so.ts());
        }
        SensorReading reading = nextReading;
        nextReading = sensors.hasNext() ? sensors.next() : null;
        return new SimMessage(
                Stream.SENSORS, reading.sensor(), Wire.reading(reading), reading.ts());
    }
}
