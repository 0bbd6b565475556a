package io.breachwatch.detector.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules files shown in docs/rules.md load as shown, and its error example is what the validator prints. */
class RulesDocumentationTest {
    private static final Path DOC = Path.of("..", "docs", "rules.md");
    private final RulesLoader loader = new RulesLoader();

    /** The fenced code blocks of the doc whose info string is {@code language} ("" for plain fences). */
    private static List<String> blocks(String language) throws IOException {
        List<String> blocks = new ArrayList<>();
        StringBuilder block = null;
        String open = null;
        for (String line : Files.readAllLines(DOC)) {
            if (block == null && line.startsWith("```")) {
                open = line.substring(3).trim();
                block = new StringBuilder();
            } else if (block != null && line.equals("```")) {
                if (open.equals(language)) {
                    blocks.add(block.toString());
                }
                block = null;
            } else if (block != null) {
                block.append(line).append('\n');
            }
        }
        return blocks;
    }

    @Test
    void everyWholeFileExampleIsValid() throws IOException {
        List<String> files = blocks("yaml").stream().filter(b -> b.startsWith("version: 1")).toList();

        assertThat(files).hasSizeGreaterThanOrEqualTo(2);
        for (String file : files) {
            assertThat(loader.validate("example.yaml", file)).as(file).isEmpty();
        }
    }

    @Test
    void theErrorExampleIsWhatTheValidatorSays() throws IOException {
        String bad = """
                version: 1
                rules:
                  - id: auth.brute_force.source
                    aggregate: { at_least: 0, treshold: 3 }
                  - id: net.port_scan
                    group_by: [src_ip, dest_ip]
                    window: 30
                """;
        String shown = blocks("").stream().filter(b -> b.startsWith("my-rules.yaml:4:")).findFirst().orElseThrow();
        List<String> errors = loader.validate("my-rules.yaml", bad).stream().map(RuleError::toString).toList();

        List<String> lines = shown.lines().toList();
        assertThat(lines).hasSize(errors.size() + 1);
        for (int i = 0; i < errors.size(); i++) {
            String line = lines.get(i);
            assertThat(errors.get(i)).as("shortened with ... in the doc")
                    .startsWith(line.endsWith("...") ? line.substring(0, line.length() - 3) : line);
        }
        assertThat(lines.get(lines.size() - 1)).isEqualTo("my-rules.yaml: " + errors.size() + " errors");
    }
}
