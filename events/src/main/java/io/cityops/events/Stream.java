package io.cityops.events;

/** The contract's streams: their name in dead letters and evidence, Kafka topic and replay file. */
public enum Stream {
    REGISTRY("registry", "city.registry", "registry.ndjson"),
    STREET_ORDERS("street-orders", "city.street-orders", "street-orders.ndjson"),
    WEATHER("weather", "city.weather", "weather.ndjson"),
    SENSORS("sensors", "city.sensors", "sensors.ndjson"),
    DISPATCH_ACTIONS("dispatch-actions", "city.dispatch-actions", "dispatch-actions.ndjson");

    public static final String INCIDENTS_TOPIC = "city.incidents";
    public static final String DEAD_LETTER_TOPIC = "city.dead-letter";

    private final String label;
    private final String topic;
    private final String file;

    Stream(String label, String topic, String file) {
        this.label = label;
        this.topic = topic;
        this.file = file;
    }

    /** The name used in dead letters and evidence ("sensors"). */
    public String label() {
        return label;
    }

    public String topic() {
        return topic;
    }

    public String file() {
        return file;
    }
}
