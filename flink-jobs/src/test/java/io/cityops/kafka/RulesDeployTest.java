package io.cityops.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cityops.job.rules.RuleLoadException;
import io.cityops.job.rules.RuleSet;
import io.cityops.job.rules.RuleSetMessage;
import io.cityops.job.testing.SharedCluster;

import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code cityops rules deploy}: a rule set that does not compile is refused with its file and line
 * and never reaches {@code city.rules}; one that compiles is published whole, versioned, and reads
 * back as the same rule set.
 */
class RulesDeployTest {
    @TempDir Path dir;

    @Test
    void refusesABrokenRuleSetWithItsFileAndLineAndPublishesNothing() throws Exception {
        LocalKafka kafka = SharedCluster.kafka();
        kafka.createContractTopics("rules-broken-");
        Path rules = shippedRulesIn(dir.resolve("broken"));
        Files.writeString(
                rules.resolve("zz-broken.epl"),
                "/* a rule with a typo */\n\ninsert into Match\nselect 'X' as rule\n"
                        + "from Reading(type = 'GAS', lell >= 10);\n");

        assertThatThrownBy(
                        () ->
                                RulesTopic.deploy(
                                        rules, "v2", null, kafka.bootstrap(), "rules-broken-", "t"))
                .isInstanceOfSatisfying(
                        RuleLoadException.class,
                        e -> {
                            assertThat(e.file()).isEqualTo("zz-broken.epl");
                            assertThat(e.line()).isEqualTo(3);
                            assertThat(e.getMessage())
                                    .startsWith("zz-broken.epl:3: ")
                                    .contains("lell");
                        });
        assertThat(RulesTopic.latest(kafka.bootstrap(), "rules-broken-")).isNull();
    }

    @Test
    void publishesAVersionedRuleSetThatReadsBackAsTheSameRules() throws Exception {
        LocalKafka kafka = SharedCluster.kafka();
        String prefix = "rules-ok-";
        kafka.createContractTopics(prefix);
        Path rules = shippedRulesIn(dir.resolve("raised"));
        Files.writeString(rules.resolve("thresholds.properties"), "waterlogging_open_cm=20\n");

        RulesTopic.Deployed first =
                RulesTopic.deploy(rules, "2026-07-28.1", null, kafka.bootstrap(), prefix, "ops");
        RulesTopic.Deployed second =
                RulesTopic.deploy(
                        rules, null, 1_785_196_800_000L, kafka.bootstrap(), prefix, "ops");

        assertThat(first.message().version()).isEqualTo("2026-07-28.1");
        assertThat(second.message().version())
                .isEqualTo("sha-" + first.message().sha256().substring(0, 12));
        assertThat(second.offset()).isGreaterThan(first.offset());
        RuleSetMessage latest = RulesTopic.latest(kafka.bootstrap(), prefix);
        assertThat(latest).isEqualTo(second.message());
        assertThat(latest.effectiveAt()).isEqualTo(1_785_196_800_000L);
        RuleSet back = latest.toRuleSet();
        assertThat(back).isEqualTo(RuleSet.load(rules));
        assertThat(back.thresholds()).containsEntry("waterlogging_open_cm", 20.0);
        try (var admin = kafka.admin()) {
            var topic =
                    new ConfigResource(ConfigResource.Type.TOPIC, prefix + RuleSetMessage.TOPIC);
            var cfg = admin.describeConfigs(List.of(topic)).all().get().get(topic);
            assertThat(cfg.get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(admin.listTopics().names().get())
                    .contains(prefix + RuleSetMessage.STATUS_TOPIC);
        }
    }

    @Test
    void refusesAMessageWhoseContentDoesNotMatchItsDigest() throws Exception {
        Path rules = shippedRulesIn(dir.resolve("digest"));
        RuleSetMessage m = RuleSetMessage.fromFolder(rules, "v1", "ops", null, 0);
        assertThat(RuleSetMessage.decode(m.encode())).isEqualTo(m);
        String tampered = m.encode().replace("waterlogging", "waterIogging");
        assertThatThrownBy(() -> RuleSetMessage.decode(tampered))
                .hasMessageContaining("v1")
                .hasMessageContaining("sha256");
    }

    static Path shippedRulesIn(Path rules) throws Exception {
        Files.createDirectories(rules);
        try (var list = Files.list(Path.of("src/main/resources/rules"))) {
            for (Path p : list.filter(p -> p.toString().endsWith(".epl")).toList()) {
                Files.copy(p, rules.resolve(p.getFileName()));
            }
        }
        return rules;
    }
}
