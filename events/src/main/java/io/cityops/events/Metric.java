package io.cityops.events;

/** The metrics a sensor reading may carry; the wire name is {@link #wire()}. */
public enum Metric {
    DEPTH_CM("depth_cm"),
    TILT_DEG("tilt_deg"),
    OPEN("open"),
    ENTRAPMENT("entrapment"),
    FAULT("fault"),
    LEL_PCT("lel_pct"),
    SMOKE("smoke"),
    HEARTBEAT("heartbeat");

    private final String wire;

    Metric(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** The metric with this wire name, or null. */
    public static Metric fromWire(String name) {
        for (Metric m : values()) {
            if (m.wire.equals(name)) {
                return m;
            }
        }
        return null;
    }

    /**
     * Whether a facility of this type reports this metric (CONTRACT.md, "Facility sensor reading").
     */
    public boolean appliesTo(FacilityType type) {
        return switch (this) {
            case HEARTBEAT -> true;
            case DEPTH_CM -> type == FacilityType.WATER_LEVEL;
            case TILT_DEG -> type == FacilityType.MANHOLE || type == FacilityType.STRUCTURE;
            case OPEN -> type == FacilityType.MANHOLE;
            case ENTRAPMENT -> type == FacilityType.ELEVATOR;
            case FAULT -> type == FacilityType.ELEVATOR || type == FacilityType.STREETLIGHT;
            case LEL_PCT -> type == FacilityType.GAS;
            case SMOKE -> type == FacilityType.SMOKE;
        };
    }
}
