package io.cityops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code rules} verb as an engineer meets it: a folder that does not compile prints its file,
 * line and message on one line and exits 1 before any broker is contacted.
 */
class RulesCommandTest {
    @TempDir Path dir;

    @Test
    void deployRefusesABrokenRuleSetWithFileAndLineBeforeTouchingKafka() throws Exception {
        Path rules = shippedRulesIn(dir);
        Files.writeString(
                rules.resolve("zz-broken.epl"),
                "/* a rule with a typo */\n\ninsert into Match\nselect 'X' as rule\n"
                        + "from Reading(type = 'GAS', lell >= 10);\n");
        // Nothing listens on port 1: a publish attempt would fail differently, and slowly.
        Run r = run("rules", "deploy", rules.toString(), "--kafka", "127.0.0.1:1");
        assertThat(r.status).isEqualTo(1);
        assertThat(r.err).startsWith("cityops rules: zz-broken.epl:3: ").contains("lell");
        assertThat(r.err.strip()).doesNotContain("\n");
    }

    @Test
    void checkNamesTheThresholdsThatDifferFromTheShippedOnes() throws Exception {
        Path rules = shippedRulesIn(dir);
        Files.writeString(rules.resolve("thresholds.properties"), "waterlogging_open_cm=20\n");
        Run r = run("rules", "check", rules.toString());
        assertThat(r.status).isEqualTo(0);
        assertThat(r.out)
                .contains("ok: 10 rule files")
                .contains("waterlogging_open_cm=20 (shipped 15)");
    }

    record Run(int status, String out, String err) {}

    static Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int status = CityOps.run(args);
            return new Run(
                    status, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    static Path shippedRulesIn(Path dir) throws Exception {
        Path rules = dir.resolve("rules");
        Files.createDirectories(rules);
        try (var list = Files.list(Path.of("../flink-jobs/src/main/resources/rules"))) {
            for (Path p : list.filter(p -> p.toString().endsWith(".epl")).toList()) {
                Files.copy(p, rules.resolve(p.getFileName()));
            }
        }
        return rules;
    }
}
