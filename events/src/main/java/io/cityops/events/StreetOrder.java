package io.cityops.events;

/**
 * A street order (12345 hotline ticket, inspector or camera report). {@code street}, {@code
 * address} and {@code text} may be null; {@code address} and {@code text} are untrusted citizen
 * text and must be escaped wherever they are shown.
 */
public record StreetOrder(
        String id,
        long ts,
        OrderSource source,
        OrderCategory category,
        double lat,
        double lon,
        String district,
        String street,
        String address,
        String text) {}
