package io.breachwatch.detector.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breachwatch.detector.rules.RulesException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** breachwatch.rules.file: empty means the built-in catalogue; a file is laid over it, from any config source. */
class RulesFileSettingTest {
    @TempDir
    Path dir;

    @Test
    void emptyByDefaultMeaningTheCatalogueAlone() {
        DetectorConfig config = DetectorConfig.defaults();

        assertThat(config.rulesFile()).isNull();
        assertThat(config.describe()).containsEntry(DetectorConfig.RULES_FILE, "");
        assertThat(config.ruleSet().byId("auth.brute_force.source")).isPresent();
    }

    @Test
    void aFileFromTheEnvironmentIsLaidOverTheCatalogue() throws IOException {
        Path rules = dir.resolve("rules.yaml");
        Files.writeString(rules, "version: 1\nrules:\n  - id: net.port_scan\n    enabled: false\n");

        DetectorConfig config = ConfigSources.defaults()
                .withEnvironment(Map.of("BREACHWATCH_RULES_FILE", rules.toString())).build();

        assertThat(config.rulesFile()).isEqualTo(rules);
        assertThat(config.describe()).containsEntry(DetectorConfig.RULES_FILE, rules.toString());
        assertThat(config.ruleSet().byId("net.port_scan").orElseThrow().enabled()).isFalse();
        assertThat(config.withRulesFile(null).ruleSet().byId("net.port_scan").orElseThrow().enabled()).isTrue();
    }

    @Test
    void aBrokenFileFailsWithItsErrors() throws IOException {
        Path rules = dir.resolve("rules.yaml");
        Files.writeString(rules, "version: 1\nrules:\n  - id: net.port_scan\n    enabled: maybe\n");

        DetectorConfig config = ConfigSources.defaults().withOverrides(Map.of(DetectorConfig.RULES_FILE,
                rules.toString())).build();

        assertThatThrownBy(config::ruleSet).isInstanceOf(RulesException.class)
                .hasMessage("1 error in the rules:\n" + rules + ":4: enabled: must be true or false, not 'maybe'");
    }
}
