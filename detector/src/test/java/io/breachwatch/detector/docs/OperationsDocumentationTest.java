package io.breachwatch.detector.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.detector.metrics.DetectorMetrics;
import io.breachwatch.schema.EventType;
import io.breachwatch.schema.Severity;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** docs/operations.md stays true: every exported breachwatch series and every alert rule is explained there. */
class OperationsDocumentationTest {
    private static final Path ROOT = Path.of("..");

    private static String operations() throws IOException {
        return Files.readString(ROOT.resolve("docs/operations.md"));
    }

    @Test
    void everyBreachwatchSeriesIsInTheMetricsReference() throws IOException {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        DetectorMetrics metrics = new DetectorMetrics(registry);
        metrics.expectRule("auth.brute_force.source", Severity.MEDIUM);
        metrics.expectGroup(EventType.AUTH, "auth-by-user", "auth-by-user-state");
        Set<String> families = new TreeSet<>();
        Matcher m = Pattern.compile("^# TYPE (breachwatch_\\w+?)(_seconds)? ", Pattern.MULTILINE)
                .matcher(registry.scrape());
        while (m.find()) {
            families.add(m.group(1) + (m.group(2) == null ? "" : m.group(2)));
        }
        assertThat(families).hasSizeGreaterThanOrEqualTo(6);
        String doc = operations();
        for (String family : families) {
            String documented = family.replaceAll("_max$", "");
            assertThat(doc).as("docs/operations.md explains %s", family).contains("`" + documented + "`");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyAlertRuleHasItsRunbookSection() throws IOException {
        Map<String, Object> rules = new Yaml(new SafeConstructor(new LoaderOptions())).load(
                Files.readString(ROOT.resolve("deploy/prometheus/rules/breachwatch-alerts.yml")));
        String doc = operations();
        int alerts = 0;
        for (Object group : (Iterable<Object>) rules.get("groups")) {
            for (Object rule : (Iterable<Object>) ((Map<String, Object>) group).get("rules")) {
                Map<String, Object> r = (Map<String, Object>) rule;
                String alert = (String) r.get("alert");
                alerts++;
                assertThat(doc).as("a section for %s", alert).contains("\n### " + alert + "\n");
                assertThat(((Map<String, Object>) r.get("annotations")).get("runbook"))
                        .isEqualTo("docs/operations.md#" + alert.toLowerCase(Locale.ROOT));
                assertThat(doc).as("%s in the table of alerts", alert).contains("| " + alert + " |");
            }
        }
        assertThat(alerts).isEqualTo(16);
    }
}
