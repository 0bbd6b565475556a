package io.breachwatch.detector.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus files in deploy/ are valid for Prometheus itself, and the alert rules do what their unit tests
 * (deploy/prometheus/tests) say: each alert fires when it should and stays silent when it should not.
 */
public class PrometheusRulesTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static ExternalTool promtool() {
        return ExternalTool.require("promtool", "prometheus");
    }

    /** Every alert rule of deploy/prometheus/rules/breachwatch-alerts.yml, by name. */
    public static Set<String> alertNames() throws java.io.IOException {
        Set<String> names = new TreeSet<>();
        for (Object group : Yamls.list(Yamls.document(ROOT.resolve("deploy/prometheus/rules/breachwatch-alerts.yml"))
                .get("groups"))) {
            for (Object rule : Yamls.list(Yamls.map(group).get("rules"))) {
                names.add((String) Yamls.map(rule).get("alert"));
            }
        }
        return names;
    }

    /** Runs without promtool: the unit tests cover every alert, both ways. */
    @Test
    void everyAlertHasAFiringAndASilentUnitTest() throws Exception {
        Set<String> fires = new TreeSet<>();
        Set<String> staysSilent = new TreeSet<>();
        Map<String, Object> tests = Yamls.document(ROOT.resolve("deploy/prometheus/tests/breachwatch-alerts.test.yml"));
        for (Object test : Yamls.list(tests.get("tests"))) {
            for (Object check : Yamls.list(Yamls.map(test).get("alert_rule_test"))) {
                String alert = (String) Yamls.map(check).get("alertname");
                List<Object> expected = Yamls.list(Yamls.map(check).get("exp_alerts"));
                (expected.isEmpty() ? staysSilent : fires).add(alert);
            }
        }
        assertThat(alertNames()).hasSize(16);
        assertThat(fires).as("alerts shown firing").containsExactlyInAnyOrderElementsOf(alertNames());
        assertThat(staysSilent).as("alerts shown silent").containsExactlyInAnyOrderElementsOf(alertNames());
    }

    @Test
    void scrapeConfigurationsAreValid() throws Exception {
        ExternalTool promtool = promtool();
        for (String config : new String[] {"deploy/prometheus/prometheus.yml", "deploy/compose/prometheus.yml"}) {
            ExternalTool.Result result = promtool.run(ROOT, TIMEOUT, "check", "config", config);
            assertThat(result.exitCode()).as(result.output()).isZero();
            // The compose configuration reaches the same rules file through the path it has in the container
            assertThat(result.output()).as(config).contains("SUCCESS: 1 rule files found");
        }
    }

    @Test
    void alertRulesAreValid() throws Exception {
        ExternalTool.Result result = promtool().run(ROOT, TIMEOUT, "check", "rules",
                "deploy/prometheus/rules/breachwatch-alerts.yml");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS: 16 rules found");
    }

    @Test
    void everyAlertFiresAndStaysSilentAsItsUnitTestsSay() throws Exception {
        ExternalTool.Result result = promtool().run(ROOT.resolve("deploy/prometheus"), TIMEOUT, "test", "rules",
                "tests/breachwatch-alerts.test.yml");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }
}
