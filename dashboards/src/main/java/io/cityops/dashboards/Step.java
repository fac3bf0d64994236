package io.cityops.dashboards;

/**
 * A threshold step: from {@code value} up, the colour is {@code color}. The first step of a panel
 * has a null value (Grafana's "base").
 */
public record Step(Double value, String color) {
    public static Step base(String color) {
        return new Step(null, color);
    }

    public static Step from(double value, String color) {
        return new Step(value, color);
    }
}
