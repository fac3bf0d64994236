package io.cityops.job.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

class RuleSetTest {

    @Test
    void shipsOneFilePerRuleInFileNameOrder() throws Exception {
        RuleSet rules = RuleSet.defaults();
        assertThat(rules.files())
                .containsExactly(
                        "00-common.epl",
                        "elevator-entrapment.epl",
                        "gas-leak.epl",
                        "manhole-cover.epl",
                        "sensor-offline.epl",
                        "sensor-outage.epl",
                        "street-order-hotspot.epl",
                        "streetlight-outage.epl",
                        "structure-wind.epl",
                        "waterlogging.epl");
        assertThat(rules.thresholds())
                .containsEntry("waterlogging_open_cm", 15.0)
                .containsEntry("wind_gust_ms", 17.2);
    }

    @Test
    void everyRuleFileStartsWithAComment() throws Exception {
        for (String text : RuleSet.defaults().texts()) {
            assertThat(text.stripLeading()).startsWith("/*");
        }
    }

    @Test
    void indexListsEveryRuleFileOfTheSourceFolder() throws Exception {
        Path src = Path.of("src/main/resources/rules");
        try (var list = Files.list(src)) {
            assertThat(
                            list.map(p -> p.getFileName().toString())
                                    .filter(n -> n.endsWith(".epl"))
                                    .sorted()
                                    .toList())
                    .isEqualTo(RuleSet.defaults().files());
        }
    }

    @Test
    void loadsAFolderAndLaysItsThresholdsOverTheDefaults(@TempDir Path dir) throws Exception {
        copyDefaults(dir);
        Files.writeString(dir.resolve("thresholds.properties"), "waterlogging_open_cm=20\n");
        RuleSet rules = RuleSet.load(dir);
        assertThat(rules.files()).isEqualTo(RuleSet.defaults().files());
        assertThat(rules.thresholds())
                .containsEntry("waterlogging_open_cm", 20.0)
                .containsEntry("gas_lel_pct", 10.0);
    }

    @Test
    void reportsTheFileAndLineOfAnEplError(@TempDir Path dir) throws Exception {
        copyDefaults(dir);
        Files.writeString(
                dir.resolve("zz-broken.epl"),
                "/* a rule with a typo */\n\ninsert into Match\nselect 'X' as rule\nfrom Reading(type = 'GAS', lell >= 10);\n");
        assertThatThrownBy(() -> RuleSet.load(dir))
                .isInstanceOfSatisfying(
                        RuleLoadException.class,
                        e -> {
                            assertThat(e.file()).isEqualTo("zz-broken.epl");
                            assertThat(e.line()).isEqualTo(3);
                            assertThat(e.getMessage())
                                    .startsWith("zz-broken.epl:3: ")
                                    .contains("lell");
                        });
    }

    @Test
    void reportsTheAbsoluteLineOfASyntaxErrorInsideAStatement(@TempDir Path dir) throws Exception {
        copyDefaults(dir);
        Files.writeString(
                dir.resolve("zz-broken.epl"),
                "// comment\n\nselect *\n  from Reading\n  where depth >= 1 andd tilt > 2;\n");
        assertThatThrownBy(() -> RuleSet.load(dir))
                .isInstanceOfSatisfying(
                        RuleLoadException.class,
                        e -> {
                            assertThat(e.file()).isEqualTo("zz-broken.epl");
                            assertThat(e.line()).isEqualTo(5);
                            assertThat(e.getMessage()).contains("andd").contains("at line 5");
                        });
    }

    @Test
    void refusesAMissingFolder(@TempDir Path dir) {
        Path missing = dir.resolve("no-such-rules");
        assertThatThrownBy(() -> RuleSet.load(missing))
                .isInstanceOf(RuleLoadException.class)
                .hasMessageContaining("no-such-rules")
                .hasMessageContaining("not found");
    }

    @Test
    void refusesAFolderWithoutRules(@TempDir Path dir) {
        assertThatThrownBy(() -> RuleSet.load(dir))
                .isInstanceOf(RuleLoadException.class)
                .hasMessageContaining("no *.epl");
    }

    @Test
    void overridesKnownThresholdsAndRefusesUnknownOnesOrBadValues() throws Exception {
        RuleSet rules = RuleSet.defaults().withThresholds(Map.of("hotspot_min_orders", "3"));
        assertThat(rules.thresholds()).containsEntry("hotspot_min_orders", 3.0);
        assertThat(RuleSet.defaults().thresholds()).containsEntry("hotspot_min_orders", 5.0);
        assertThatThrownBy(
                        () -> RuleSet.defaults().withThresholds(Map.of("hotspot_min_order", "3")))
                .isInstanceOf(RuleLoadException.class)
                .hasMessageContaining("unknown threshold 'hotspot_min_order'");
        assertThatThrownBy(
                        () ->
                                RuleSet.defaults()
                                        .withThresholds(Map.of("hotspot_min_orders", "five")))
                .isInstanceOf(RuleLoadException.class)
                .hasMessageContaining("hotspot_min_orders='five'");
    }

    @Test
    void survivesJavaSerializationAndCompilesAgain() throws Exception {
        var bytes = new ByteArrayOutputStream();
        try (var out = new ObjectOutputStream(bytes)) {
            out.writeObject(RuleSet.defaults());
        }
        RuleSet copy;
        try (var in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (RuleSet) in.readObject();
        }
        assertThat(copy).isEqualTo(RuleSet.defaults());
        try (var h = new RuleHarness(copy)) {
            h.facility("EL-1", io.cityops.events.FacilityType.ELEVATOR);
            h.read(0, "EL-1", io.cityops.events.Metric.ENTRAPMENT, 1);
            assertThat(h.matches("ELEVATOR_ENTRAPMENT")).hasSize(1);
        }
    }

    static void copyDefaults(Path dir) throws Exception {
        RuleSet d = RuleSet.defaults();
        for (int i = 0; i < d.files().size(); i++) {
            Files.writeString(dir.resolve(d.files().get(i)), d.texts().get(i));
        }
    }
}
