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

    /** The lines of .ci/run between the setup markers: package installation only. */
    private static final String SETUP_START = "# >>> setup";
    private static final String SETUP_END = "# <<< setup";

    private static List<String> ciScript() throws IOException {
        return Files.readAllLines(ROOT.resolve(".ci/run")).stream().map(String::strip).toList();
    }

    private static int line(List<String> script, String prefix) {
        for (int i = 0; i < script.size(); i++) {
            if (script.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError(".ci/run has no line starting with " + prefix);
    }

    @Test
    void ciRunsExactlyTheReadmeTestCommand() throws IOException {
        List<String> script = ciScript();
        int start = line(script, SETUP_START);
        int end = line(script, SETUP_END);
        assertThat(start).isLessThan(end);
        List<String> outsideSetup = new java.util.ArrayList<>(script.subList(0, start));
        outsideSetup.addAll(script.subList(end + 1, script.size()));
        List<String> ci = outsideSetup.stream()
                .filter(l -> !l.isEmpty() && !l.startsWith("#") && !l.startsWith("set ") && !l.startsWith("cd "))
                .toList();
        assertThat(ci).containsExactly(firstCommands().get(1));
    }

    @Test
    void ciSetupOnlyInstallsTheToolsTheTestsNeed() throws IOException {
        List<String> script = ciScript();
        List<String> setup = script.subList(line(script, SETUP_START) + 1, line(script, SETUP_END));
        assertThat(setup).anySatisfy(l -> assertThat(l).startsWith("DEBIAN_FRONTEND=noninteractive apt-get install")
                .contains(" prometheus").contains(" chromium"));
        assertThat(setup).noneMatch(l -> l.contains("mvnw") || l.contains("verify"));
        String readme = Files.readString(ROOT.resolve("README.md"));
        assertThat(readme).contains("`.ci/run` installs").contains("promtool").contains("chromium");
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
