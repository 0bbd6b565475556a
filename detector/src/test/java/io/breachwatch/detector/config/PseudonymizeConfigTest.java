package io.breachwatch.detector.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breachwatch.detector.core.Pseudonyms;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pseudonymization key comes from a file or the environment, through the usual precedence, never shown. */
class PseudonymizeConfigTest {
    private static final String KEY = "k3y-that-must-never-be-printed-0123456789";

    @TempDir
    Path dir;

    private Path keyFile(String content) throws IOException {
        Path file = dir.resolve("pseudonym.key");
        Files.writeString(file, content);
        return file;
    }

    @Test
    void offByDefault() {
        assertThat(DetectorConfig.defaults().pseudonyms().enabled()).isFalse();
        assertThat(DetectorConfig.defaults().describe()).containsEntry(DetectorConfig.PSEUDONYMIZE_KEY_FILE, "")
                .containsEntry(DetectorConfig.PSEUDONYMIZE_KEY, "");
    }

    @Test
    void aKeyFileNamedInTheEnvironmentTurnsPseudonymsOnAndItsPathNotItsKeyIsShown() throws IOException {
        // Given the key in a file (with the line break an editor or `openssl rand -hex 32 > key` leaves)
        Path file = keyFile(KEY + "\n");

        // When the environment names it
        DetectorConfig config = ConfigSources.defaults()
                .withEnvironment(Map.of("BREACHWATCH_PSEUDONYMIZE_KEY_FILE", file.toString())).build();

        // Then pseudonyms use the file's key without its line break
        assertThat(config.pseudonyms().of("alice"))
                .isEqualTo(Pseudonyms.withKey(KEY.getBytes(StandardCharsets.UTF_8)).of("alice"));
        assertThat(config.describe()).containsEntry(DetectorConfig.PSEUDONYMIZE_KEY_FILE, file.toString());
        assertThat(config.describe().toString() + config.pseudonyms()).doesNotContain(KEY);
    }

    @Test
    void theKeyItselfFromTheEnvironmentIsHidden() {
        DetectorConfig config = ConfigSources.defaults()
                .withEnvironment(Map.of("BREACHWATCH_PSEUDONYMIZE_KEY", KEY)).build();

        assertThat(config.pseudonyms().of("alice"))
                .isEqualTo(Pseudonyms.withKey(KEY.getBytes(StandardCharsets.UTF_8)).of("alice"));
        assertThat(config.describe()).containsEntry(DetectorConfig.PSEUDONYMIZE_KEY, "[hidden]");
        assertThat(config.describe().toString()).doesNotContain(KEY);
    }

    @Test
    void aFlagOverridesTheFileSetting() throws IOException {
        Path file = keyFile(KEY);
        Path properties = dir.resolve("bw.properties");
        Files.writeString(properties, "breachwatch.pseudonymize.key-file=/nonexistent/key\n");

        DetectorConfig config = ConfigSources.defaults().withFile(properties)
                .withOverrides(Map.of(DetectorConfig.PSEUDONYMIZE_KEY_FILE, file.toString())).build();

        assertThat(config.pseudonyms().enabled()).isTrue();
    }

    @Test
    void bothSettingsAnUnreadableFileOrAShortKeyAreErrorsThatNeverQuoteTheKey() throws IOException {
        Path file = keyFile(KEY);
        assertThatThrownBy(() -> ConfigSources.defaults().withOverrides(Map.of(
                DetectorConfig.PSEUDONYMIZE_KEY_FILE, file.toString(), DetectorConfig.PSEUDONYMIZE_KEY, KEY)).build())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("set either breachwatch.pseudonymize.key-file or breachwatch.pseudonymize.key")
                .hasMessageNotContaining(KEY);
        Path missing = dir.resolve("missing.key");
        assertThatThrownBy(() -> ConfigSources.defaults().withOverrides(Map.of(
                DetectorConfig.PSEUDONYMIZE_KEY_FILE, missing.toString())).build())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("breachwatch.pseudonymize.key-file")
                .hasMessageContaining("cannot read " + missing);
        Path shortKey = keyFile("tooshort\n");
        assertThatThrownBy(() -> ConfigSources.defaults().withOverrides(Map.of(
                DetectorConfig.PSEUDONYMIZE_KEY_FILE, shortKey.toString())).build())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("is 8 bytes long; it must have at least 16")
                .hasMessageNotContaining("tooshort");
    }
}
