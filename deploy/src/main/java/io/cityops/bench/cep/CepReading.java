package io.cityops.bench.cep;

/**
 * A water-level or manhole reading with its facility's state after it (the latest value of each
 * metric, as the Esper rules see it) and where the facility is. A Flink POJO.
 */
public class CepReading {
    public String sensor;
    public boolean manhole;
    public long ts;
    public String district;
    public String street;
    public String cell;
    public double lat;
    public double lon;
    public String name;
    public double depth;
    public double tilt;
    public double open;

    public CepReading() {}
}
