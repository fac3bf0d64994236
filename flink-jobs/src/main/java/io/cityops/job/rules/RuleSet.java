package io.cityops.job.rules;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A rule set: the EPL text of every {@code *.epl} file of a rules folder, in file-name order, and
 * the thresholds (Esper variables) from its {@code thresholds.properties}. Serializable, so that a
 * Flink operator carries the sources and compiles them where it runs.
 *
 * <p>STUB: the rules work fills this in.
 */
public final class RuleSet implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The rules shipped in the jar (classpath folder {@code rules/}). */
    public static RuleSet defaults() throws RuleLoadException {
        throw new UnsupportedOperationException("not yet");
    }

    /** Every *.epl of a folder; compiles them once to report the first error with file and line. */
    public static RuleSet load(Path dir) throws RuleLoadException {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * The same rules with some thresholds overridden (name to value); unknown names are refused.
     */
    public RuleSet withThresholds(Map<String, String> overrides) throws RuleLoadException {
        throw new UnsupportedOperationException("not yet");
    }

    public List<String> files() {
        throw new UnsupportedOperationException("not yet");
    }
}
