package io.breachwatch.detector.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rules file is untrusted input: whatever it contains, reading it ends quickly with errors, never with a hang,
 * an exhausted heap or code run on the loader's behalf.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class HostileYamlTest {
    private final RulesLoader loader = new RulesLoader();

    @TempDir
    Path dir;

    private List<String> errors(String yaml) {
        return loader.validate("evil.yaml", yaml).stream().map(RuleError::toString).toList();
    }

    @Test
    void billionLaughsIsRefusedBeforeAnyExpansion() {
        StringBuilder yaml = new StringBuilder("version: 1\nrules: []\nlol0: &lol0 [lol, lol, lol, lol, lol, lol]\n");
        for (int level = 1; level <= 9; level++) {
            yaml.append("lol").append(level).append(": &lol").append(level).append(" [");
            for (int i = 0; i < 9; i++) {
                yaml.append(i == 0 ? "" : ", ").append("*lol").append(level - 1);
            }
            yaml.append("]\n");
        }

        assertThat(errors(yaml.toString())).containsExactly("evil.yaml: refused: more than 50 aliases (*name) to lists "
                + "or maps: alias expansion (\"billion laughs\") is not allowed");
    }

    @Test
    void aHugeFileIsRefusedWithoutBeingRead() throws IOException {
        Path file = dir.resolve("huge.yaml");
        byte[] big = new byte[RulesYaml.MAX_BYTES + 1];
        java.util.Arrays.fill(big, (byte) '#');
        Files.write(file, big);

        assertThat(loader.validate(file)).extracting(RuleError::toString).containsExactly(file + ": refused: the "
                + "file is 1048577 bytes; a rules file may be at most 1048576 bytes");
    }

    @Test
    void aHugeTextIsRefused() {
        assertThat(errors("version: 1\nrules: []\n#" + "x".repeat(RulesYaml.MAX_CODE_POINTS)))
                .containsExactly("evil.yaml: refused: larger than 1048576 characters");
    }

    @Test
    void deepNestingIsRefused() {
        assertThat(errors("version: 1\nrules: " + "[".repeat(100_000)))
                .containsExactly("evil.yaml: refused: nested deeper than 20 levels");
    }

    @Test
    void duplicateKeysAreErrorsAtEveryLevel() {
        assertThat(errors("""
                version: 1
                version: 1
                rules:
                  - id: custom.dup
                    title: one
                    title: two
                    event: auth
                    where: { outcome: failure, outcome: success }
                    group_by: source_ip
                    window: 1m
                    aggregate: { type: count, at_least: 3, at_least: 300 }
                    severity: low
                    suppression: 1m
                    summary: "{entity}"
                """)).containsExactly(
                "evil.yaml:2: duplicate key 'version' (first at line 1)",
                "evil.yaml:6: duplicate key 'title' (first at line 5)",
                "evil.yaml:8: where: duplicate key 'outcome' (first at line 8)",
                "evil.yaml:11: aggregate: duplicate key 'at_least' (first at line 11)");
    }

    @Test
    void javaTagsAreInertText() {
        assertThat(errors("""
                version: 1
                rules:
                  - id: custom.tagged
                    title: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL ["http://127.0.0.1/"]]]]
                    event: !!java.lang.ProcessBuilder auth
                    group_by: source_ip
                    window: 1m
                    aggregate: { type: count, at_least: 3 }
                    severity: low
                    suppression: 1m
                    summary: "{entity}"
                """)).containsExactly("evil.yaml:4: refused: the tag !!javax.script.ScriptEngineManager (rules files "
                + "hold plain values; Java type tags are never instantiated)");
    }

    @Test
    void aRecursiveAliasIsNotFollowed() {
        assertThat(errors("""
                version: 1
                rules:
                  - id: custom.loop
                    title: loop
                    event: auth
                    where: &w { outcome: *w }
                    group_by: &g [source_ip, *g]
                    window: 1m
                    aggregate: { type: count, at_least: 3 }
                    severity: low
                    suppression: 1m
                    summary: "{entity}"
                """)).containsExactly(
                "evil.yaml:6: where.outcome: unknown condition 'outcome'; use [in, not_in, gte, lte, cidr, "
                        + "not_cidr, present, prefix]",
                "evil.yaml:7: group_by: must be a single value, not a list");
    }

    @Test
    void mergeKeysAndOtherDocumentsAreRefused() {
        assertThat(errors("""
                version: 1
                rules:
                  - id: custom.merged
                    <<: { title: merged }
                """)).first().asString().isEqualTo("evil.yaml:3: rule 'custom.merged' is missing required key "
                + "'title'");
        assertThat(errors("version: 1\nrules:\n  - id: custom.merged\n    <<: {title: x}\n"))
                .contains("evil.yaml:4: YAML merge keys ('<<') are not supported; repeat the keys, or alias a whole "
                        + "value (*name)");
        assertThat(errors("version: 1\nrules: []\n---\nversion: 1\nrules: []\n")).singleElement().asString()
                .startsWith("evil.yaml:3: YAML syntax: ").contains("expected a single document");
    }

    @Test
    void notUtf8IsRefused() throws IOException {
        Path file = dir.resolve("latin1.yaml");
        Files.write(file, new byte[] {'v', 'e', 'r', (byte) 0xe9, '\n'});

        assertThat(loader.validate(file)).extracting(RuleError::toString).containsExactly(file + ": not UTF-8 text");
    }

    @Test
    void aFloodOfErrorsIsCapped() {
        StringBuilder yaml = new StringBuilder("version: 1\nrules:\n");
        for (int i = 0; i < 500; i++) {
            yaml.append("  - id: custom.r").append(i).append("\n    bogus: 1\n");
        }

        List<String> errors = errors(yaml.toString());
        assertThat(errors).hasSize(Problems.MAX_ERRORS + 1);
        assertThat(errors.get(errors.size() - 1)).matches("evil\\.yaml: \\d+ more errors not shown; fix the ones "
                + "above first");
    }
}
