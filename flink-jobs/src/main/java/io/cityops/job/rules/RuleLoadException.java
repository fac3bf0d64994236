package io.cityops.job.rules;

/** A rule set that cannot be used: names the file, the line and Esper's message. */
public class RuleLoadException extends Exception {
    private final String file;
    private final int line;

    public RuleLoadException(String file, int line, String message, Throwable cause) {
        super(file + (line > 0 ? ":" + line : "") + ": " + message, cause);
        this.file = file;
        this.line = line;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }
}
