package io.cityops.bench.cep;

/** A street order with its H3 cell. A Flink POJO. */
public class CepOrder {
    public String id;
    public String category;
    public long ts;
    public String district;
    public String street;
    public String cell;
    public double lat;
    public double lon;

    public CepOrder() {}

    /** The hotspot rule's subject: category and cell. */
    public String subject() {
        return category + "/" + cell;
    }
}
