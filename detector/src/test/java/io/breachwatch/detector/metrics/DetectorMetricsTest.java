package io.breachwatch.detector.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.schema.Alert;
import io.breachwatch.schema.Entity;
import io.breachwatch.schema.EventType;
import io.breachwatch.schema.Severity;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The exported series: their names and labels, present at zero before the first event, and bounded. */
class DetectorMetricsTest {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final DetectorMetrics metrics = new DetectorMetrics(registry);

    private static Alert alert(String rule, Severity severity) {
        Instant t = Instant.parse("2026-03-14T10:00:00Z");
        return new Alert("a1", rule, "title", severity, List.of("T1110"), new Entity("source_ip", "203.0.113.7"),
                t, t, 8, 8, t, t, t, "summary", null);
    }

    @Test
    void expectedRulesGroupsAndStoresAreExportedAtZeroBeforeAnyEvent() {
        metrics.expectRule("auth.brute_force.source", Severity.MEDIUM);
        metrics.expectGroup(EventType.AUTH, "auth-by-source-ip", "auth-by-source-ip-state");

        assertThat(registry.scrape()).contains(
                "breachwatch_events_total{type=\"auth\"} 0.0",
                "breachwatch_dead_letters_total{reason=\"late\",type=\"net\"} 0.0",
                "breachwatch_late_records_total{group=\"auth-by-source-ip\",type=\"auth\"} 0.0",
                "breachwatch_alerts_total{rule=\"auth.brute_force.source\",severity=\"medium\"} 0.0",
                "breachwatch_alert_latency_seconds_count{rule=\"auth.brute_force.source\"} 0",
                "breachwatch_state_store_entries{store=\"auth-by-source-ip-state\"} 0.0");
    }

    @Test
    void latencyFallsIntoFixedBucketsAroundTheOneSecondTarget() {
        metrics.alertRaised(alert("auth.brute_force.source", Severity.MEDIUM), Duration.ofMillis(300));
        metrics.alertRaised(alert("auth.brute_force.source", Severity.MEDIUM), Duration.ofMinutes(-1));

        String scrape = registry.scrape();
        // 300 ms lands in le=0.5; a negative latency (producer clock ahead) counts as zero
        assertThat(scrape).contains(
                "breachwatch_alert_latency_seconds_bucket{rule=\"auth.brute_force.source\",le=\"0.01\"} 1",
                "breachwatch_alert_latency_seconds_bucket{rule=\"auth.brute_force.source\",le=\"0.25\"} 1",
                "breachwatch_alert_latency_seconds_bucket{rule=\"auth.brute_force.source\",le=\"0.5\"} 2",
                "breachwatch_alert_latency_seconds_bucket{rule=\"auth.brute_force.source\",le=\"+Inf\"} 2",
                "breachwatch_alerts_total{rule=\"auth.brute_force.source\",severity=\"medium\"} 2.0");
        // one series per bucket plus +Inf: the same small number for every rule
        assertThat(scrape.lines().filter(l -> l.startsWith("breachwatch_alert_latency_seconds_bucket{")))
                .hasSize(DetectorMetrics.LATENCY_BUCKETS.length + 1);
    }

    @Test
    void storeEntriesSumTheTasksOfThisInstanceAndForgetClosedTasks() {
        metrics.storeEntries("auth-by-user-state", "3_0", 120);
        metrics.storeEntries("auth-by-user-state", "3_1", 80);
        metrics.storeEntries("auth-by-user-state", "3_0", 130);
        assertThat(metrics.storeEntries("auth-by-user-state")).isEqualTo(210);
        assertThat(registry.scrape()).contains("breachwatch_state_store_entries{store=\"auth-by-user-state\"} 210.0");

        // When task 3_1 moves to another instance, its entries are counted there, not here
        metrics.storeClosed("auth-by-user-state", "3_1");
        assertThat(registry.scrape()).contains("breachwatch_state_store_entries{store=\"auth-by-user-state\"} 130.0");
    }
}
