package io.cityops.bench;

/** One line per phase, with the time since the bench started, so long runs show where they are. */
final class Progress {
    private final long started = System.nanoTime();

    void say(String format, Object... args) {
        System.out.printf(
                "[%6.1f s] %s%n", (System.nanoTime() - started) / 1e9, String.format(format, args));
        System.out.flush();
    }

    double elapsedSeconds() {
        return (System.nanoTime() - started) / 1e9;
    }
}
