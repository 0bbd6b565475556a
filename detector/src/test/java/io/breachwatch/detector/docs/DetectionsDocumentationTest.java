package io.breachwatch.detector.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.detector.config.Durations;
import io.breachwatch.detector.rules.AggregateSpec;
import io.breachwatch.detector.rules.RuleSpec;
import io.breachwatch.detector.rules.RulesLoader;
import io.breachwatch.detector.topology.BreachwatchTopology;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/detections.md agrees with the built-in rules file: one section per rule and none for a rule that does not
 * exist; each section states the rule's ATT&CK ids, severity and main thresholds as the YAML has them, written as
 * {@code `key: value`} (numbers may keep the YAML's {@code _} separators), and names an existing specification test;
 * every rules file shown on the page validates.
 */
class DetectionsDocumentationTest {
    private static final Path DOC = Path.of("..", "docs", "detections.md");
    private static final Path SPECIFICATIONS = Path.of("src", "test", "java", "io", "breachwatch", "detector",
            "detections");
    /** The incident correlation has a section of its own although it is not a rule of the rules file. */
    private static final String INCIDENT = "incident.breach_in_progress";
    private static final Pattern RULE_ID = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z0-9_]+)+");
    private static final Pattern ATTACK_ID = Pattern.compile("T\\d{4}(\\.\\d{3})?");

    private final RulesLoader loader = new RulesLoader();
    private final List<RuleSpec> rules = loader.defaults().all();

    /** Sections whose heading is a rule id (in backticks or not), by id, in page order. */
    private static Map<String, String> sections() throws IOException {
        List<String> lines = Files.readAllLines(DOC);
        Map<String, String> sections = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            int level = headingLevel(lines.get(i));
            if (level == 0) {
                continue;
            }
            String first = lines.get(i).substring(level).trim().replace("`", "").split("\\s+")[0]
                    .replaceAll("[:.,]+$", "");
            if (!RULE_ID.matcher(first).matches()) {
                continue;
            }
            StringBuilder body = new StringBuilder();
            for (int j = i + 1; j < lines.size(); j++) {
                int next = headingLevel(lines.get(j));
                if (next > 0 && next <= level) {
                    break;
                }
                body.append(lines.get(j)).append('\n');
            }
            assertThat(sections.put(first, body.toString())).as("a second section for " + first).isNull();
        }
        return sections;
    }

    private static String section(Map<String, String> sections, RuleSpec rule) {
        String section = sections.get(rule.id());
        assertThat(section).as("the section of " + rule.id()).isNotNull();
        return section;
    }

    private static int headingLevel(String line) {
        int level = 0;
        while (level < line.length() && line.charAt(level) == '#') {
            level++;
        }
        return level > 0 && level < line.length() && line.charAt(level) == ' ' ? level : 0;
    }

    /** The main numbers of a rule as {@code key: value}, formatted as the YAML writes them. */
    static List<String> thresholds(RuleSpec rule) {
        List<String> keys = new ArrayList<>();
        AggregateSpec a = rule.aggregate();
        if (a instanceof AggregateSpec.Count count) {
            keys.add("at_least: " + count.atLeast());
        } else if (a instanceof AggregateSpec.DistinctCount distinct) {
            keys.add("field: " + distinct.field());
            keys.add("at_least: " + distinct.atLeast());
            if (distinct.minEvents() > 0) {
                keys.add("min_events: " + distinct.minEvents());
            }
            if (distinct.maxTopShare() < 1.0) {
                keys.add("max_top_share: " + number(distinct.maxTopShare()));
            }
        } else if (a instanceof AggregateSpec.Sum sum) {
            keys.add("field: " + sum.field());
            keys.add("at_least: " + sum.atLeast());
        } else if (a instanceof AggregateSpec.Proportion proportion) {
            keys.add("at_least: " + proportion.atLeast());
            keys.add("min_share: " + number(proportion.minShare()));
        } else if (a instanceof AggregateSpec.Sequence sequence) {
            keys.add("at_least: " + sequence.atLeast());
        } else if (a instanceof AggregateSpec.Baseline baseline) {
            keys.add("measure: " + baseline.measure().name().toLowerCase(Locale.ROOT));
            if (baseline.field() != null) {
                keys.add("field: " + baseline.field());
            }
            keys.add("bucket: " + Durations.format(baseline.bucket()));
            keys.add("warm_up: " + baseline.warmUp());
            keys.add("sigma: " + number(baseline.sigma()));
            keys.add("min_ratio: " + number(baseline.minRatio()));
            keys.add("floor: " + number(baseline.floor()));
        } else if (a instanceof AggregateSpec.FirstSeen firstSeen) {
            keys.add("field: " + firstSeen.field());
            keys.add("learning: " + Durations.format(firstSeen.learning()));
            keys.add("max_values: " + firstSeen.maxValues());
        }
        if (!(a instanceof AggregateSpec.Baseline) && !(a instanceof AggregateSpec.FirstSeen)) {
            keys.add("window: " + Durations.format(rule.window()));
        }
        keys.add("suppression: " + Durations.format(rule.suppression()));
        return keys;
    }

    private static String number(double x) {
        return x == Math.rint(x) ? Long.toString((long) x) : BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
    }

    /** The section's text with the YAML's digit separators dropped: {@code 10_485_760} reads as 10485760. */
    private static String plain(String section) {
        return section.replaceAll("(?<=\\d)_(?=\\d)", "");
    }

    @Test
    void everyRuleHasASectionAndEverySectionARule() throws IOException {
        Set<String> expected = new TreeSet<>(rules.stream().map(RuleSpec::id).toList());
        expected.add(INCIDENT);

        assertThat(new TreeSet<>(sections().keySet())).isEqualTo(expected);
    }

    @Test
    void eachSectionStatesTheRulesAttackIdsAndSeverity() throws IOException {
        Map<String, String> sections = sections();
        for (RuleSpec rule : rules) {
            String section = section(sections, rule);
            String attackLine = section.lines().filter(l -> l.startsWith("- **ATT&CK:**")).findFirst().orElse("");
            Set<String> ids = new TreeSet<>();
            Matcher m = ATTACK_ID.matcher(attackLine);
            while (m.find()) {
                ids.add(m.group());
            }
            assertThat(ids).as(rule.id() + ": the ids of its '- **ATT&CK:**' line")
                    .isEqualTo(new TreeSet<>(rule.attack()));
            assertThat(section).as(rule.id())
                    .contains("- **Severity:** " + rule.severity().name().toLowerCase(Locale.ROOT) + "\n");
        }
    }

    @Test
    void eachSectionStatesTheRulesThresholdsAsTheYamlHasThem() throws IOException {
        Map<String, String> sections = sections();
        for (RuleSpec rule : rules) {
            String section = plain(section(sections, rule));
            for (String threshold : thresholds(rule)) {
                assertThat(section).as(rule.id()).contains("`" + threshold + "`");
            }
        }
    }

    @Test
    void eachSectionNamesTheTestThatSpecifiesTheRule() throws IOException {
        Map<String, String> sections = sections();
        Pattern specification = Pattern.compile("- \\*\\*Specification:\\*\\* `(\\w+Test)`");
        for (RuleSpec rule : rules) {
            Matcher m = specification.matcher(section(sections, rule));
            assertThat(m.find()).as(rule.id() + " names its specification").isTrue();
            assertThat(SPECIFICATIONS.resolve(m.group(1) + ".java")).as(rule.id()).isRegularFile();
        }
    }

    @Test
    void theIncidentSectionStatesTheCorrelationWindow() throws IOException {
        String section = sections().get(INCIDENT);

        assertThat(section).contains("within " + BreachwatchTopology.INCIDENT_WINDOW.toMinutes() + " minutes")
                .contains("two or more signal families");
    }

    @Test
    void everyRulesFileOnThePageIsValid() throws IOException {
        List<String> files = new ArrayList<>();
        StringBuilder block = null;
        int indent = 0;
        for (String line : Files.readAllLines(DOC)) {
            if (block == null && line.strip().equals("```yaml")) {
                block = new StringBuilder();
                indent = line.indexOf('`');
            } else if (block != null && line.strip().equals("```")) {
                files.add(block.toString());
                block = null;
            } else if (block != null) {
                block.append(line.length() >= indent ? line.substring(indent) : line.strip()).append('\n');
            }
        }

        assertThat(files).hasSizeGreaterThanOrEqualTo(rules.size());
        for (String file : files) {
            assertThat(file).startsWith("version: 1\n");
            assertThat(loader.validate("detections.md", file)).as(file).isEmpty();
        }
    }
}
