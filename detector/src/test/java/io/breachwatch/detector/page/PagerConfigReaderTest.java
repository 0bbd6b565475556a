package io.breachwatch.detector.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breachwatch.schema.Severity;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pager config file: what a valid one gives, and every mistake reported at the line to edit. */
class PagerConfigReaderTest {
    private static final Map<String, String> ENV = Map.of("PD_KEY", "pd-routing-key", "SLACK_URL",
            "https://hooks.slack.com/services/T0/B0/secret-token", "KAFKA_CLIENT_ID", "from-env");

    private static List<String> errors(String yaml) {
        try {
            new PagerConfigReader(ENV, true).read("pager.yaml", yaml);
        } catch (PagerConfigException e) {
            return e.errors().stream().map(ConfigError::toString).toList();
        }
        throw new AssertionError("expected errors");
    }

    @Test
    void aValidFileGivesEverySettingWithItsDefaults() {
        PagerConfig config = new PagerConfigReader(ENV, true).read("pager.yaml", """
                kafka:
                  bootstrap.servers: 127.0.0.1:19092
                  breachwatch.topic.alerts: my.alerts
                destinations:
                  - name: oncall
                    type: pagerduty
                    routing_key: {env: PD_KEY}
                    min_severity: high
                    topics: [alerts]
                    group_window: 2m
                    rate_limit: {pages_per_minute: 3, burst: 2}
                  - name: soc
                    type: slack
                    url: {env: SLACK_URL}
                """);
        assertThat(config.kafka()).containsEntry("bootstrap.servers", "127.0.0.1:19092")
                // KAFKA_* environment variables override the file, as for `run`
                .containsEntry("client.id", "from-env")
                .doesNotContainKeys("application.id", "processing.guarantee");
        assertThat(config.topics().alerts()).isEqualTo("my.alerts");
        assertThat(config.topics().incidents()).isEqualTo("breachwatch.incidents");
        assertThat(config.consumerGroup()).isEqualTo("breachwatch-pager");
        assertThat(config.startAt()).isEqualTo(PagerConfig.StartAt.LATEST);
        assertThat(config.deadLetterTopic()).isEqualTo("breachwatch.pager.dead-letters");
        assertThat(config.metricsAddress()).isEqualTo("127.0.0.1:9405");

        DestinationConfig oncall = config.destinations().get(0);
        assertThat(oncall.type()).isEqualTo(DestinationType.PAGERDUTY);
        assertThat(oncall.url()).isEqualTo(URI.create("https://events.pagerduty.com/v2/enqueue"));
        assertThat(oncall.credential().reveal()).isEqualTo("pd-routing-key");
        assertThat(oncall.minSeverity()).isEqualTo(Severity.HIGH);
        assertThat(oncall.topics()).isEqualTo(Set.of(PagedTopic.ALERTS));
        assertThat(oncall.groupWindow()).isEqualTo(Duration.ofMinutes(2));
        assertThat(oncall.rateLimit()).isEqualTo(new RateLimit(3, 2));
        assertThat(oncall.retry()).isEqualTo(RetryPolicy.DEFAULT);
        assertThat(oncall.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(oncall.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(oncall.maxWindowAlerts()).isEqualTo(10_000);
        assertThat(config.groupOf(oncall)).isEqualTo("breachwatch-pager.oncall");

        DestinationConfig soc = config.destinations().get(1);
        assertThat(soc.url()).isEqualTo(URI.create("https://hooks.slack.com/services/T0/B0/secret-token"));
        assertThat(soc.urlSecret().source()).isEqualTo("env SLACK_URL");
        assertThat(soc.minSeverity()).isEqualTo(Severity.LOW);
        assertThat(soc.topics()).isEqualTo(EnumSet.allOf(PagedTopic.class));
        // Never the URL (it carries the Slack token) nor a key
        assertThat(soc.describe()).isEqualTo("soc: slack, alerts+incidents from low, grouped for 5m, at most 10 "
                + "pages/min (burst 5)");
    }

    @Test
    void everyMistakeIsReportedAtItsLine() {
        assertThat(errors("""
                kafka:
                  bootstrap.servers: 127.0.0.1:9092
                  breachwatch.detection.grace: 5m
                start_at: yesterday
                metrics_adress: 127.0.0.1:1
                destinations:
                  - name: On Call
                    type: pagerduty
                    routing_key: r0ut1ngk3y
                    min_severity: severe
                    group_window: 90
                    rate_limit: {pages_per_minute: 0, burts: 2}
                  - name: soc
                    type: slack
                    routing_key: {env: PD_KEY}
                  - name: hook
                    type: webhook
                    url: http://tickets.example.com/hook
                    headers:
                      Content-Type: text/plain
                    retry: {initial_backoff: 2s, max_backoff: 1s}
                  - name: hook
                    type: carrier-pigeon
                """)).containsExactly(
                "pager.yaml:3: 'breachwatch.detection.grace' is a detector setting; the pager reads only "
                        + "breachwatch.topic.alerts, breachwatch.topic.incidents",
                "pager.yaml:4: start_at: 'yesterday' is not one of latest, earliest",
                "pager.yaml:5: unknown key 'metrics_adress' at the top level; known keys: kafka, consumer_group, "
                        + "start_at, dead_letter_topic, metrics_address, destinations",
                "pager.yaml:7: destinations[0].name: 'On Call' is not valid: lower-case letters, digits, '-' or "
                        + "'_', at most 63",
                "pager.yaml:9: destinations[0].routing_key: write it as {env: NAME} or {file: PATH}: credentials "
                        + "are never written in the config file itself",
                "pager.yaml:10: destinations[0].min_severity: 'severe' is not one of low, medium, high, critical",
                "pager.yaml:11: destinations[0].group_window: '90' has no unit (write e.g. 90s)",
                "pager.yaml:12: unknown key 'destinations[0].rate_limit.burts' in rate_limit; known keys: "
                        + "pages_per_minute, burst",
                "pager.yaml:12: destinations[0].rate_limit.pages_per_minute: must be between 1 and 600, not 0",
                "pager.yaml:13: destinations[1]: a slack destination needs 'url' (the incoming webhook URL, e.g. "
                        + "{env: SLACK_WEBHOOK_URL}: it carries a token)",
                "pager.yaml:15: 'destinations[1].routing_key' applies to pagerduty destinations only",
                "pager.yaml:18: destinations[2].url: 'http://tickets.example.com/hook' is plain http to another "
                        + "host: pages carry personal data and credentials; use https (or set allow_plain_http: "
                        + "true)",
                "pager.yaml:20: destinations[2].headers: 'Content-Type' is set by the bridge itself",
                "pager.yaml:21: destinations[2].retry.max_backoff: must be at least initial_backoff",
                "pager.yaml:23: destinations[3].type: 'carrier-pigeon' is not one of pagerduty, slack, opsgenie, "
                        + "webhook");
    }

    @Test
    void secretsMustResolveAndNeverComeFromBreachwatchVariables(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        assertThat(errors("""
                destinations:
                  - name: a
                    type: pagerduty
                    routing_key: {env: NOT_SET}
                  - name: b
                    type: opsgenie
                    api_key: {env: BREACHWATCH_OPSGENIE}
                  - name: c
                    type: opsgenie
                    api_key: {file: %s}
                  - name: d
                    type: opsgenie
                    api_key: {env: PD_KEY, file: /x}
                """.formatted(empty))).containsExactly(
                "pager.yaml:4: destinations[0].routing_key.env: environment variable NOT_SET is not set",
                "pager.yaml:7: destinations[1].api_key.env: BREACHWATCH_* variables are breachwatch settings (an "
                        + "unknown one is refused); name it e.g. PAGERDUTY_ROUTING_KEY",
                "pager.yaml:10: destinations[2].api_key.file: " + empty + " is empty",
                "pager.yaml:13: destinations[3].api_key: must be exactly one of {env: NAME} or {file: PATH}");

        Path key = Files.writeString(dir.resolve("key"), "og-api-key\n");
        PagerConfig config = new PagerConfigReader(Map.of(), true).read("pager.yaml", """
                destinations:
                  - name: c
                    type: opsgenie
                    api_key: {file: %s}
                """.formatted(key));
        assertThat(config.destinations().get(0).credential().reveal()).isEqualTo("og-api-key");
        assertThat(config.destinations().get(0).credential().toString()).isEqualTo("[secret from file " + key + "]");
    }

    @Test
    void missingDestinationsEmptyFilesAndBrokenYaml() {
        assertThat(errors("kafka: {}\n")).containsExactly("pager.yaml:1: 'destinations' is missing: name at least "
                + "one place to page (pagerduty, slack, opsgenie or webhook)");
        assertThat(errors("")).containsExactly("pager.yaml: the file is empty; it needs at least 'destinations'");
        assertThat(errors("destinations:\n  - name: a\n    type: [slack\n")).hasSize(1)
                .allMatch(e -> e.startsWith("pager.yaml:4: YAML syntax:"));
        assertThat(errors("destinations:\n  - !!javax.script.ScriptEngineManager [x]\n"))
                .allMatch(e -> e.startsWith("pager.yaml:2:"));
    }

    @Test
    void theShippedExampleIsValid() {
        Path example = Path.of("..", "deploy", "pager", "pager.yaml");
        PagerConfig config = new PagerConfigReader(Map.of(), false).read(example);
        assertThat(config.destinations()).extracting(DestinationConfig::describe).containsExactly(
                "oncall: pagerduty, alerts+incidents from high, grouped for 5m, at most 6 pages/min (burst 3)",
                "soc-channel: slack, alerts+incidents from medium, grouped for 10m, at most 20 pages/min (burst 10)",
                "opsgenie-incidents: opsgenie, incidents from low, grouped for 5m, at most 10 pages/min (burst 5)",
                "ticketing: webhook, alerts+incidents from low, grouped for 5m, at most 10 pages/min (burst 5)");
        assertThat(config.destinations().get(2).url()).isEqualTo(URI.create("https://api.eu.opsgenie.com/v2/alerts"));
        assertThat(config.destinations().get(3).headers().get("Authorization").source()).isEqualTo("env TICKETING_TOKEN");
        // Checked without its secrets: none was read
        assertThat(config.destinations().get(0).credential().reveal()).isNull();
    }
}
