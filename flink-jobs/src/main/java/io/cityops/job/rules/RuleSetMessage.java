package io.cityops.job.rules;

import com.fasterxml.jackson.core.JsonGenerator;

import io.cityops.job.JsonTree;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A versioned rule set on the {@code city.rules} topic (compacted, key {@value #KEY}), as {@code
 * cityops rules deploy} publishes it and the running job takes it:
 *
 * <pre>
 * {"version":"2026-07-28.1","sha256":"…","createdAt":1785196800000,"by":"ops",
 *  "effectiveAt":null,
 *  "files":[{"name":"00-common.epl","text":"…"},…],
 *  "thresholds":"waterlogging_open_cm=20\n"}
 * </pre>
 *
 * {@code files} are a rules folder's {@code *.epl} in load (file-name) order; {@code thresholds} is
 * the text of its {@code thresholds.properties} or null, laid over the shipped defaults as {@link
 * RuleSet#load} does. {@code sha256} is over the content only (see {@link #sha256}), so the same
 * folder always has the same one and {@link #decode} refuses a message whose content does not match
 * it. {@code effectiveAt}, optional, is the event time from which the set applies; without it the
 * record's timestamp is the switch time (see {@code RuleSetSwitch}). {@code createdAt} (wall clock)
 * and {@code by} are for people.
 */
public record RuleSetMessage(
        String version,
        List<RuleFile> files,
        String thresholds,
        String sha256,
        long createdAt,
        String by,
        Long effectiveAt) {

    public static final String TOPIC = "city.rules";
    public static final String STATUS_TOPIC = "city.rules-status";
    public static final String KEY = "ruleset";

    /** One {@code .epl} file of the set. */
    public record RuleFile(String name, String text) {}

    public RuleSetMessage {
        files = List.copyOf(files);
    }

    /**
     * The rules of a folder, read as {@link RuleSet#load} reads them (not compiled: {@link
     * #toRuleSet} does that).
     *
     * @param version null: {@code sha-} and the first 12 hex digits of the content's sha256, so the
     *     same folder gets the same version
     */
    public static RuleSetMessage fromFolder(
            Path dir, String version, String by, Long effectiveAt, long now)
            throws RuleLoadException {
        if (!Files.isDirectory(dir)) {
            throw new RuleLoadException(
                    dir.toString(),
                    0,
                    "rules folder not found: pass a folder that holds *.epl files",
                    null);
        }
        List<RuleFile> files = new ArrayList<>();
        try (var list = Files.list(dir)) {
            for (Path p :
                    list.filter(
                                    p ->
                                            p.getFileName().toString().endsWith(".epl")
                                                    && Files.isRegularFile(p))
                            .sorted()
                            .toList()) {
                files.add(
                        new RuleFile(
                                p.getFileName().toString(),
                                Files.readString(p, StandardCharsets.UTF_8)));
            }
            Path props = dir.resolve(RuleSet.THRESHOLDS);
            String thresholds =
                    Files.isRegularFile(props)
                            ? Files.readString(props, StandardCharsets.UTF_8)
                            : null;
            String sha = sha256(files, thresholds);
            return new RuleSetMessage(
                    version == null ? "sha-" + sha.substring(0, 12) : version,
                    files,
                    thresholds,
                    sha,
                    now,
                    by,
                    effectiveAt);
        } catch (IOException e) {
            throw new RuleLoadException(dir.toString(), 0, "cannot read: " + e.getMessage(), e);
        }
    }

    /** Compiles the set; a set that does not compile is refused whole, with file and line. */
    public RuleSet toRuleSet() throws RuleLoadException {
        return RuleSet.of(
                files.stream().map(RuleFile::name).toList(),
                files.stream().map(RuleFile::text).toList(),
                thresholds,
                version);
    }

    /**
     * SHA-256, in hex, of each file's name and text and then the thresholds text, each followed by
     * a NUL (the thresholds as an empty text when there are none).
     */
    public static String sha256(List<RuleFile> files, String thresholds) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (RuleFile f : files) {
                md.update((f.name() + "\0" + f.text() + "\0").getBytes(StandardCharsets.UTF_8));
            }
            md.update(
                    (RuleSet.THRESHOLDS + "\0" + (thresholds == null ? "" : thresholds) + "\0")
                            .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    public String encode() {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JsonTree.FACTORY.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("version", version);
            g.writeStringField("sha256", sha256);
            g.writeNumberField("createdAt", createdAt);
            g.writeStringField("by", by);
            if (effectiveAt == null) {
                g.writeNullField("effectiveAt");
            } else {
                g.writeNumberField("effectiveAt", effectiveAt);
            }
            g.writeArrayFieldStart("files");
            for (RuleFile f : files) {
                g.writeStartObject();
                g.writeStringField("name", f.name());
                g.writeStringField("text", f.text());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeStringField("thresholds", thresholds);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /**
     * A message from the topic; refuses one that lacks a field or whose content does not match its
     * {@code sha256}, naming what is wrong.
     */
    public static RuleSetMessage decode(String json) throws IOException {
        Map<String, Object> m = JsonTree.object(json);
        String version = JsonTree.string(m, "version");
        String sha = JsonTree.string(m, "sha256");
        if (version == null || version.isBlank()) {
            throw new IOException("rule-set message without a version");
        }
        if (!(m.get("files") instanceof List<?> list) || list.isEmpty()) {
            throw new IOException("rule-set message " + version + " without files");
        }
        List<RuleFile> files = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> f)
                    || !(f.get("name") instanceof String name)
                    || !(f.get("text") instanceof String text)) {
                throw new IOException(
                        "rule-set message " + version + ": a file needs a name and a text");
            }
            files.add(new RuleFile(name, text));
        }
        String thresholds = JsonTree.string(m, "thresholds");
        String actual = sha256(files, thresholds);
        if (!actual.equals(sha)) {
            throw new IOException(
                    "rule-set message "
                            + version
                            + ": content has sha256 "
                            + actual
                            + " but the message says "
                            + sha);
        }
        Long createdAt = JsonTree.number(m, "createdAt");
        return new RuleSetMessage(
                version,
                files,
                thresholds,
                sha,
                createdAt == null ? 0 : createdAt,
                JsonTree.string(m, "by"),
                JsonTree.number(m, "effectiveAt"));
    }
}
