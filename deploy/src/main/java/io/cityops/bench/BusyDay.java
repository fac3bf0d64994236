package io.cityops.bench;

import io.cityops.events.District;
import io.cityops.events.Districts;
import io.cityops.sim.Scenario;

/**
 * The bench's city: a calm background (every facility reporting, the hotline's daily rhythm) with
 * something to find every 40 minutes, so that incidents, and latency samples, come all day long. In
 * each slot one district's underpass floods past 30 cm, a manhole in its cell opens, the hotline
 * gets 8 calls about it (a hotspot), and in another district an elevator traps someone.
 */
final class BusyDay {
    static final long SLOT_MIN = 40;
    static final long FIRST_MIN = 10;

    private BusyDay() {}

    static Scenario scenario(int facilities, int hours) {
        StringBuilder y = new StringBuilder();
        y.append("name: bench-busy-day\n")
                .append("description: A calm city with a flood, a manhole, a hotspot and an")
                .append(" entrapment every 40 minutes.\n")
                .append("start: \"2026-07-22T07:00:00+08:00\"\n")
                .append("duration: ")
                .append(hours)
                .append("h\n")
                .append("facilities: ")
                .append(facilities)
                .append("\nseed: 20260722\nordersPerDay: 3000\nevents:\n");
        int slots = 0;
        // A slot's flood needs 35 min of city time to rise, hold and recede.
        for (long at = FIRST_MIN; at + 35 <= hours * 60L; at += SLOT_MIN, slots++) {
            District flood = Districts.ALL.get(slots % Districts.ALL.size());
            District lift = Districts.ALL.get((slots + 7) % Districts.ALL.size());
            String id = "f" + slots;
            y.append("  - flood: {id: ")
                    .append(id)
                    .append(", district: ")
                    .append(flood.code())
                    .append(", at: ")
                    .append(at)
                    .append("m, peakCm: 32, rise: 10m, hold: 15m, recede: 10m}\n");
            y.append("  - manhole: {near: ").append(id).append(", at: 3m, openFor: 15m}\n");
            y.append("  - orders: {near: ")
                    .append(id)
                    .append(", category: WATERLOGGING_REPORT, source: HOTLINE, count: 8,")
                    .append(" at: 0m, over: 20m}\n");
            y.append("  - entrapment: {district: ")
                    .append(lift.code())
                    .append(", at: ")
                    .append(at + 5)
                    .append("m, duration: 20m}\n");
        }
        if (slots == 0) {
            y.setLength(y.length() - "events:\n".length());
            y.append("events: []\n");
        }
        return Scenario.parse(y.toString(), "bench-busy-day");
    }
}
