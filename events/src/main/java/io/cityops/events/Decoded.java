package io.cityops.events;

/** The outcome of decoding one message: either a value or a rejection, never both. */
public record Decoded<T>(T value, Rejection rejection) {

    public static <T> Decoded<T> ok(T value) {
        return new Decoded<>(value, null);
    }

    public static <T> Decoded<T> rejected(String reason, String detail) {
        return new Decoded<>(null, new Rejection(reason, detail));
    }

    public boolean isOk() {
        return rejection == null;
    }
}
