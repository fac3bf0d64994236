package io.cityops.events;

/** STUB until the events work lands: the contract's JSON codec. */
public final class Codec {
    private Codec() {}

    public static Decoded<Facility> decodeFacility(String raw) { throw new UnsupportedOperationException(); }
    public static Decoded<StreetOrder> decodeStreetOrder(String raw) { throw new UnsupportedOperationException(); }
    public static Decoded<WeatherMessage> decodeWeather(String raw) { throw new UnsupportedOperationException(); }
    public static Decoded<SensorReading> decodeSensorReading(String raw) { throw new UnsupportedOperationException(); }
    public static Decoded<DispatchAction> decodeDispatchAction(String raw) { throw new UnsupportedOperationException(); }
    public static Decoded<Incident> decodeIncident(String raw) { throw new UnsupportedOperationException(); }
    public static Decoded<DeadLetter> decodeDeadLetter(String raw) { throw new UnsupportedOperationException(); }
    public static String encode(Facility v) { throw new UnsupportedOperationException(); }
    public static String encode(StreetOrder v) { throw new UnsupportedOperationException(); }
    public static String encode(WeatherMessage v) { throw new UnsupportedOperationException(); }
    public static String encode(SensorReading v) { throw new UnsupportedOperationException(); }
    public static String encode(DispatchAction v) { throw new UnsupportedOperationException(); }
    public static String encode(Incident v) { throw new UnsupportedOperationException(); }
    public static String encode(DeadLetter v) { throw new UnsupportedOperationException(); }
    public static Long peekTs(String raw) { throw new UnsupportedOperationException(); }
}
