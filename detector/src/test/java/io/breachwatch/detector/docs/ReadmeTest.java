package io.breachwatch.detector.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's first two commands are the contract with a newcomer; CI must run exactly the second one. */
class ReadmeTest {
    private static final Path ROOT = Path.of("..");

    private static List<String> firstCommands() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        String block = readme.substring(readme.indexOf("```bash") + "```bash".length());
        block = block.substring(0, block.indexOf("```"));
        return block.lines().map(String::strip).filter(l -> !l.isEmpty())
                .map(l -> l.contains("#") ? l.substring(0, l.indexOf('#')).strip() : l).toList();
    }

    @Test
    void firstCommandRunsTheDemoSecondRunsAllTests() throws IOException {
        assertThat(firstCommands()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(firstCommands().get(0)).isEqualTo("bin/breachwatch demo --duration 60s");
        assertThat(firstCommands().get(1)).isEqualTo("./mvnw -B verify");
    }

    @Test
    void ciRunsExactlyTheReadmeTestCommand() throws IOException {
        List<String> ci = Files.readAllLines(ROOT.resolve(".ci/run")).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#") && !l.startsWith("set ") && !l.startsWith("cd "))
                .toList();
        assertThat(ci).containsExactly(firstCommands().get(1));
    }

    @Test
    void everyDocumentTheReadmeLinksExists() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        java.util.regex.Matcher links = java.util.regex.Pattern.compile("\\]\\((docs/[^)#]+)").matcher(readme);
        int found = 0;
        while (links.find()) {
            found++;
            assertThat(ROOT.resolve(links.group(1))).as(links.group(1)).isRegularFile();
        }
        assertThat(found).isPositive();
    }
}
