package io.breachwatch.detector.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.detector.engine.DetectionEngine;
import io.breachwatch.schema.EventType;
import io.breachwatch.schema.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The built-in catalogue: every rule of the design's detection table, loadable, and the login rules unchanged. */
class DefaultRulesTest {
    /** docs/design.md §3 "Detection catalogue", every row but the incident one, in table order. */
    static final List<String> CATALOGUE = List.of("auth.brute_force.source", "auth.brute_force.account",
            "auth.password_spray", "auth.credential_stuffing", "auth.success_after_failures", "auth.failure_surge",
            "api.vendor_volume_anomaly", "api.vendor_data_volume", "api.record_harvesting", "api.new_endpoint",
            "api.sensitive_write", "api.error_burst", "api.credential_new_source", "net.egress_spike",
            "net.port_scan", "net.host_sweep");

    private final RuleSet defaults = new RulesLoader().defaults();

    @Test
    void theBuiltInFileLoadsWithoutErrorsAndHasEveryCatalogueRule() {
        assertThat(defaults.ids()).containsAll(CATALOGUE);
        // The variants the table describes in words: the slow port scan and the absolute harvesting cap.
        assertThat(defaults.ids()).contains("net.port_scan.slow", "api.record_harvesting.cap",
                "api.vendor_data_volume.records");
        assertThat(defaults.enabled()).hasSize(defaults.size());
        assertThat(defaults.ids()).allSatisfy(id -> assertThat(id).startsWith(
                defaults.byId(id).orElseThrow().event().label() + "."));
    }

    @Test
    void everyRuleCompilesInTheEngine() {
        assertThat(DetectionEngine.of(defaults.enabled(), Duration.ofMinutes(15)).groups()).isNotEmpty();
    }

    @Test
    void eachRuleNamesTheLineOfItsIdInTheBuiltInFile() throws IOException {
        List<String> lines;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(RulesLoader.DEFAULT_RESOURCE)) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        for (RuleSpec rule : defaults.all()) {
            assertThat(rule.origin().file()).isEqualTo("default-rules.yaml");
            assertThat(lines.get(rule.origin().line() - 1)).isEqualTo("  - id: " + rule.id());
        }
    }

    @Test
    void bruteForceBySource() {
        RuleSpec rule = defaults.byId("auth.brute_force.source").orElseThrow();

        assertDefinition(rule, "Brute force from one source", Severity.MEDIUM, List.of("T1110.001"),
                Duration.ofMinutes(2), Duration.ofMinutes(10));
        assertThat(rule.event()).isEqualTo(EventType.AUTH);
        assertThat(rule.where()).isEqualTo(new Filter(Map.of("outcome", Condition.equalTo("failure"))));
        assertThat(rule.groupBy()).containsExactly("source_ip");
        assertThat(rule.aggregate()).isEqualTo(new AggregateSpec.Count(8));
        assertThat(rule.explainBy()).isEqualTo("user");
        assertThat(rule.summary()).isEqualTo("Brute force: {observed} failed logins from {entity} in {span} "
                + "(threshold {threshold} in {window}); users: {top}");
    }

    @Test
    void passwordSpray() {
        RuleSpec rule = defaults.byId("auth.password_spray").orElseThrow();

        assertDefinition(rule, "Password spray from one source", Severity.HIGH, List.of("T1110.003"),
                Duration.ofMinutes(5), Duration.ofMinutes(15));
        assertThat(rule.where()).isEqualTo(new Filter(Map.of("outcome", Condition.equalTo("failure"))));
        assertThat(rule.groupBy()).containsExactly("source_ip");
        assertThat(rule.aggregate()).isEqualTo(new AggregateSpec.DistinctCount("user", 10, 20, 0.5));
        assertThat(rule.explainBy()).isEqualTo("user");
    }

    @Test
    void successAfterFailures() {
        RuleSpec rule = defaults.byId("auth.success_after_failures").orElseThrow();

        assertDefinition(rule, "Successful login after repeated failures", Severity.HIGH, List.of("T1110"),
                Duration.ofMinutes(10), Duration.ofMinutes(30));
        assertThat(rule.where()).isEqualTo(Filter.ALL);
        assertThat(rule.groupBy()).containsExactly("source_ip");
        assertThat(rule.aggregate()).isEqualTo(new AggregateSpec.Sequence(
                new Filter(Map.of("outcome", Condition.equalTo("failure"))), 5,
                new Filter(Map.of("outcome", Condition.equalTo("success")))));
        assertThat(rule.summary()).startsWith("Login succeeded for {event.user} from {entity} after {observed} "
                + "failures");
    }

    @Test
    void apiKeyEnumeration() {
        RuleSpec rule = defaults.byId("api.key_enumeration").orElseThrow();

        assertDefinition(rule, "API key enumeration from one source", Severity.HIGH,
                List.of("T1110.001", "T1110.004"), Duration.ofMinutes(10), Duration.ofHours(1));
        assertThat(rule.event()).isEqualTo(EventType.API);
        assertThat(rule.where().fields()).containsOnlyKeys("status");
        assertThat(rule.where().fields().get("status").in()).containsExactlyInAnyOrder("401", "403");
        assertThat(rule.groupBy()).containsExactly("source_ip");
        assertThat(rule.aggregate()).isEqualTo(new AggregateSpec.DistinctCount("client_id", 10, 0, 1.0));
        assertThat(rule.explainBy()).isEqualTo("client_id");
        assertThat(rule.summary()).contains("{entity}", "{observed}", "{threshold}", "{top:5}");
    }

    private static void assertDefinition(RuleSpec rule, String title, Severity severity, List<String> attack,
                                         Duration window, Duration suppression) {
        assertThat(rule.title()).isEqualTo(title);
        assertThat(rule.severity()).isEqualTo(severity);
        assertThat(rule.attack()).isEqualTo(attack);
        assertThat(rule.window()).isEqualTo(window);
        assertThat(rule.suppression()).isEqualTo(suppression);
        assertThat(rule.grace()).isNull();
        assertThat(rule.enabled()).isTrue();
    }

    @Test
    void theOtherRulesReadAsTheCatalogueSays() {
        assertThat(defaults.byId("net.port_scan").orElseThrow().aggregate())
                .isEqualTo(new AggregateSpec.DistinctCount("dst_port", 25, 0, 1.0));
        assertThat(defaults.byId("net.port_scan").orElseThrow().groupBy()).containsExactly("src_ip", "dst_ip");
        assertThat(defaults.byId("net.port_scan.slow").orElseThrow().window()).isEqualTo(Duration.ofHours(1));
        assertThat(defaults.byId("net.host_sweep").orElseThrow().aggregate())
                .isEqualTo(new AggregateSpec.DistinctCount("dst_ip", 100, 0, 1.0));
        RuleSpec surge = defaults.byId("auth.failure_surge").orElseThrow();
        assertThat(surge.groupBy()).containsExactly("platform");
        assertThat(surge.aggregate()).isEqualTo(new AggregateSpec.Baseline(AggregateSpec.Measure.COUNT, null,
                Duration.ofMinutes(1), 30, 4, 3, 30));
        assertThat(surge.window()).as("a baseline's {window} is its bucket").isEqualTo(Duration.ofMinutes(1));
        RuleSpec egress = defaults.byId("net.egress_spike").orElseThrow();
        assertThat(egress.aggregate()).isInstanceOfSatisfying(AggregateSpec.Baseline.class, b -> {
            assertThat(b.measure()).isEqualTo(AggregateSpec.Measure.SUM);
            assertThat(b.field()).isEqualTo("bytes_out");
            assertThat(b.floor()).isEqualTo(20_971_520);
        });
        assertThat(egress.where().fields().get("dst_ip").notCidr()).contains("10.0.0.0/8", "::1/128");
        RuleSpec write = defaults.byId("api.sensitive_write").orElseThrow();
        assertThat(write.where().fields().get("operation").prefix()).contains("PUT /orders", "POST /payments");
        assertThat(write.where().fields().get("client_type")).isEqualTo(Condition.equalTo("third_party"));
        assertThat(defaults.byId("api.error_burst").orElseThrow().aggregate())
                .isInstanceOfSatisfying(AggregateSpec.Proportion.class, p -> {
                    assertThat(p.atLeast()).isEqualTo(20);
                    assertThat(p.minShare()).isEqualTo(0.5);
                    assertThat(p.matching().fields().get("status").in()).contains("401", "403", "404", "500");
                });
        assertThat(defaults.byId("api.new_endpoint").orElseThrow().aggregate())
                .isEqualTo(new AggregateSpec.FirstSeen("operation", Duration.ofDays(3), 512));
    }
}
