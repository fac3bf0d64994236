package io.cityops.sim;

/** A scenario that cannot be loaded or staged; the message names the file, field and value. */
public class ScenarioException extends RuntimeException {
    public ScenarioException(String message) {
        super(message);
    }

    public ScenarioException(String message, Throwable cause) {
        super(message, cause);
    }
}
