package io.cityops.job.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A rule set: the EPL text of every {@code *.epl} file of a rules folder, in file-name order, and
 * the thresholds (Esper variables) from its {@code thresholds.properties}. Serializable, so that a
 * Flink operator carries the sources and compiles them where it runs.
 *
 * <p>A folder's {@code thresholds.properties} is laid over the shipped defaults, so a folder only
 * needs the thresholds it changes (or the new ones its own rules declare).
 *
 * <p>A set has a version, which the incidents it opens carry: {@value #BUILTIN} for the shipped
 * rules, {@code sha-} and 12 hex digits of the content's sha256 for a folder (the version {@code
 * cityops rules deploy} gives the same folder), the message's own for a deployed set, and a set
 * with {@code --set} overrides adds them ({@code builtin+waterlogging_open_cm=20}). Two sets with
 * the same content are equal whatever their versions.
 */
public final class RuleSet implements Serializable {
    private static final long serialVersionUID = 1L;

    static final String CLASSPATH_FOLDER = "rules/";
    static final String INDEX = "index.txt";
    static final String THRESHOLDS = "thresholds.properties";

    /** The version of the rules shipped in the jar. */
    public static final String BUILTIN = "builtin";

    private static RuleSet defaults;

    private final List<String> files;
    private final List<String> texts;
    private final TreeMap<String, Double> thresholds;
    private final String version;

    /** The compiled modules; rebuilt after deserialization (Esper's output is not serializable). */
    private transient volatile RuleCompiler.Compiled compiled;

    private RuleSet(
            List<String> files,
            List<String> texts,
            TreeMap<String, Double> thresholds,
            String version) {
        this.files = List.copyOf(files);
        this.texts = List.copyOf(texts);
        this.thresholds = thresholds;
        this.version = version;
    }

    /** The version of a folder's content: {@code sha-} and 12 hex digits of its sha256. */
    static String contentVersion(List<String> files, List<String> texts, String thresholdsText) {
        List<RuleSetMessage.RuleFile> content = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            content.add(new RuleSetMessage.RuleFile(files.get(i), texts.get(i)));
        }
        return "sha-" + RuleSetMessage.sha256(content, thresholdsText).substring(0, 12);
    }

    /** The rules shipped in the jar (classpath folder {@code rules/}), compiled once a JVM. */
    public static synchronized RuleSet defaults() throws RuleLoadException {
        if (defaults == null) {
            List<String> files = new ArrayList<>();
            List<String> texts = new ArrayList<>();
            String index = resource(INDEX);
            for (String line : index.split("\n")) {
                String name = line.strip();
                if (!name.isEmpty() && !name.startsWith("#")) {
                    files.add(name);
                }
            }
            Collections.sort(files);
            for (String name : files) {
                texts.add(resource(name));
            }
            RuleSet rules =
                    new RuleSet(
                            files,
                            texts,
                            parseThresholds(THRESHOLDS, resource(THRESHOLDS), new TreeMap<>()),
                            BUILTIN);
            rules.compiled();
            defaults = rules;
        }
        return defaults;
    }

    /** Every *.epl of a folder; compiles them once to report the first error with file and line. */
    public static RuleSet load(Path dir) throws RuleLoadException {
        if (!Files.isDirectory(dir)) {
            throw new RuleLoadException(
                    dir.toString(),
                    0,
                    "rules folder not found: pass a folder that holds *.epl files",
                    null);
        }
        List<Path> epl;
        try (Stream<Path> list = Files.list(dir)) {
            epl =
                    list.filter(
                                    p ->
                                            p.getFileName().toString().endsWith(".epl")
                                                    && Files.isRegularFile(p))
                            .sorted()
                            .toList();
        } catch (IOException e) {
            throw new RuleLoadException(
                    dir.toString(), 0, "cannot list the rules folder: " + e.getMessage(), e);
        }
        if (epl.isEmpty()) {
            throw new RuleLoadException(
                    dir.toString(), 0, "no *.epl file in the rules folder", null);
        }
        List<String> files = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (Path p : epl) {
            files.add(p.getFileName().toString());
            texts.add(read(p));
        }
        TreeMap<String, Double> thresholds = new TreeMap<>(defaultThresholds());
        Path props = dir.resolve(THRESHOLDS);
        String thresholdsText = null;
        if (Files.isRegularFile(props)) {
            thresholdsText = read(props);
            parseThresholds(THRESHOLDS, thresholdsText, thresholds);
        }
        RuleSet rules =
                new RuleSet(files, texts, thresholds, contentVersion(files, texts, thresholdsText));
        rules.compiled();
        return rules;
    }

    /**
     * The rules of a folder sent as text (a {@link RuleSetMessage}): {@code *.epl} names and texts
     * in load order, and the text of its {@code thresholds.properties} (or null) laid over the
     * shipped defaults; compiled once to report the first error with file and line.
     */
    public static RuleSet of(List<String> files, List<String> texts, String thresholdsText)
            throws RuleLoadException {
        return of(files, texts, thresholdsText, null);
    }

    /**
     * @param version null: the content's ({@code sha-} and 12 hex digits)
     */
    public static RuleSet of(
            List<String> files, List<String> texts, String thresholdsText, String version)
            throws RuleLoadException {
        if (files.isEmpty()) {
            throw new RuleLoadException("(rule set)", 0, "no *.epl file in the rule set", null);
        }
        TreeMap<String, Double> thresholds = new TreeMap<>(defaultThresholds());
        if (thresholdsText != null) {
            parseThresholds(THRESHOLDS, thresholdsText, thresholds);
        }
        RuleSet rules =
                new RuleSet(
                        files,
                        texts,
                        thresholds,
                        version != null ? version : contentVersion(files, texts, thresholdsText));
        rules.compiled();
        return rules;
    }

    /**
     * The same rules with some thresholds overridden (name to value); unknown names are refused.
     */
    public RuleSet withThresholds(Map<String, String> overrides) throws RuleLoadException {
        TreeMap<String, Double> next = new TreeMap<>(thresholds);
        StringBuilder v = new StringBuilder(version);
        for (var o : new TreeMap<>(overrides).entrySet()) {
            v.append('+').append(o.getKey()).append('=').append(o.getValue());
            String name = o.getKey();
            if (!thresholds.containsKey(name)) {
                throw new RuleLoadException(
                        THRESHOLDS,
                        0,
                        "unknown threshold '"
                                + name
                                + "'; known: "
                                + String.join(", ", thresholds.keySet()),
                        null);
            }
            next.put(name, parseValue(THRESHOLDS, 0, name, o.getValue()));
        }
        RuleSet rules = new RuleSet(files, texts, next, v.toString());
        rules.compiled();
        return rules;
    }

    /** The version that the incidents of this set carry. */
    public String version() {
        return version;
    }

    public List<String> files() {
        return files;
    }

    List<String> texts() {
        return texts;
    }

    /** Threshold name to value, sorted by name. */
    public Map<String, Double> thresholds() {
        return Collections.unmodifiableMap(thresholds);
    }

    /**
     * The longest time window or timer of the rules, in ms: the largest duration threshold (a name
     * ending in {@code _sec} or {@code _min}, the unit convention of thresholds.properties). Two
     * hours with the shipped rules (hotspot_quiet_min). The rules stage keeps the events that Esper
     * was fed for this long, to rebuild Esper's windows and timers after a restore.
     */
    public long longestWindowMs() {
        double longest = 0;
        for (var t : thresholds.entrySet()) {
            if (t.getKey().endsWith("_min")) {
                longest = Math.max(longest, t.getValue() * 60_000);
            } else if (t.getKey().endsWith("_sec")) {
                longest = Math.max(longest, t.getValue() * 1_000);
            }
        }
        return (long) Math.ceil(longest);
    }

    /** The compiled modules, compiling on first use (a few seconds). */
    RuleCompiler.Compiled compiled() throws RuleLoadException {
        RuleCompiler.Compiled c = compiled;
        if (c == null) {
            synchronized (this) {
                c = compiled;
                if (c == null) {
                    c = COMPILED.get(this);
                    if (c == null) {
                        c = RuleCompiler.compile(files, texts, thresholds);
                        COMPILED.put(this, c);
                    }
                    compiled = c;
                }
            }
        }
        return c;
    }

    /**
     * Compiled rule sets of this JVM by content. Each parallel instance of the rules deserializes
     * its own copy of the set, and a restart deserializes them again: compiling takes seconds, a
     * restart should not. Compiled modules are immutable; many runtimes deploy the same ones.
     */
    private static final Map<RuleSet, RuleCompiler.Compiled> COMPILED =
            java.util.Collections.synchronizedMap(
                    new java.util.LinkedHashMap<>(8, 0.75f, true) {
                        @Override
                        protected boolean removeEldestEntry(
                                Map.Entry<RuleSet, RuleCompiler.Compiled> eldest) {
                            return size() > 4; // a few sets at most: the running one, a new one
                        }
                    });

    private static Map<String, Double> defaultThresholds() throws RuleLoadException {
        return parseThresholds(THRESHOLDS, resource(THRESHOLDS), new TreeMap<>());
    }

    private static TreeMap<String, Double> parseThresholds(
            String file, String text, TreeMap<String, Double> into) throws RuleLoadException {
        Properties props = new Properties();
        try {
            props.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            throw new RuleLoadException(file, 0, "not a properties file: " + e.getMessage(), e);
        }
        String[] lines = text.split("\n", -1);
        for (String name : new TreeMap<>(castStrings(props)).keySet()) {
            if (!name.matches("[a-z][a-z0-9_]*")) {
                throw new RuleLoadException(
                        file,
                        lineOf(lines, name),
                        "threshold name '"
                                + name
                                + "' must be lower_snake_case (it becomes an EPL variable)",
                        null);
            }
            into.put(name, parseValue(file, lineOf(lines, name), name, props.getProperty(name)));
        }
        return into;
    }

    private static Map<String, String> castStrings(Properties props) {
        Map<String, String> m = new TreeMap<>();
        for (String n : props.stringPropertyNames()) {
            m.put(n, props.getProperty(n));
        }
        return m;
    }

    private static int lineOf(String[] lines, String name) {
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].strip().startsWith(name)) {
                return i + 1;
            }
        }
        return 0;
    }

    private static double parseValue(String file, int line, String name, String value)
            throws RuleLoadException {
        try {
            double d = Double.parseDouble(value.strip());
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException | NullPointerException e) {
            // reported below
        }
        throw new RuleLoadException(
                file, line, "threshold " + name + "='" + value + "' is not a finite number", null);
    }

    private static String resource(String name) throws RuleLoadException {
        try (InputStream in =
                RuleSet.class.getClassLoader().getResourceAsStream(CLASSPATH_FOLDER + name)) {
            if (in == null) {
                throw new RuleLoadException(
                        "classpath:" + CLASSPATH_FOLDER + name,
                        0,
                        "missing from the jar (is it listed in " + INDEX + "?)",
                        null);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RuleLoadException(
                    "classpath:" + CLASSPATH_FOLDER + name, 0, e.getMessage(), e);
        }
    }

    private static String read(Path p) throws RuleLoadException {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RuleLoadException(p.toString(), 0, "cannot read: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RuleSet r
                && files.equals(r.files)
                && texts.equals(r.texts)
                && thresholds.equals(r.thresholds);
    }

    @Override
    public int hashCode() {
        return files.hashCode() * 31 + thresholds.hashCode();
    }
}
