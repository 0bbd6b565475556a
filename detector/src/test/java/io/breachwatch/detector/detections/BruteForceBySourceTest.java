package io.breachwatch.detector.detections;

import static io.breachwatch.detector.detections.DetectionHarness.concat;
import static io.breachwatch.detector.detections.Logins.at;
import static io.breachwatch.detector.detections.Logins.failure;
import static io.breachwatch.detector.detections.Logins.failures;
import static io.breachwatch.detector.detections.Logins.success;
import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.schema.Alert;
import io.breachwatch.schema.Entity;
import io.breachwatch.schema.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

/** auth.brute_force.source: ≥ 8 failures from one source within 2 minutes. */
class BruteForceBySourceTest {
    private static final String ATTACKER = "203.0.113.7";

    /** The rule under test alone: other catalogue rules have their own specifications. */
    private static DetectionHarness rule() {
        return new DetectionHarness("auth.brute_force.source");
    }

    @Test
    void eightFailuresWithinTwoMinutesRaiseOneAlertAtTheEighth() {
        // Given 8 failures for root, 10 s apart (70 s in all)
        List<Alert> alerts = rule().feed(failures(ATTACKER, "root", "10:00:00", 8, 10));

        // Then exactly one alert, raised by the 8th failure, with the evidence behind it
        assertThat(alerts).hasSize(1);
        Alert alert = alerts.get(0);
        assertThat(alert.ruleId()).isEqualTo("auth.brute_force.source");
        assertThat(alert.attack()).containsExactly("T1110.001");
        assertThat(alert.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(alert.entity()).isEqualTo(Entity.sourceIp(ATTACKER));
        assertThat(alert.observed()).isEqualTo(8);
        assertThat(alert.threshold()).isEqualTo(8);
        assertThat(alert.windowStart()).isEqualTo(at("10:00:00"));
        assertThat(alert.detectedAt()).isEqualTo(at("10:01:10"));
        assertThat(alert.evidence().breakdown()).containsEntry("user:root", 8L);
        assertThat(alert.evidence().eventIds()).hasSize(5);
        assertThat(alert.summary()).isEqualTo("Brute force: 8 failed logins from 203.0.113.7 in 1m10s "
                + "(threshold 8 in 2m); users: root");
    }

    @Test
    void sevenFailuresStayBelowTheThreshold() {
        assertThat(rule().feed(failures(ATTACKER, "root", "10:00:00", 7, 1))).isEmpty();
    }

    @Test
    void eightFailuresSpreadOverMoreThanTwoMinutesDoNotAlert() {
        // Given 8 failures 17.5 s apart: the 1st and 8th are 2m02.5s apart
        assertThat(rule().feed(failures(ATTACKER, "root", "10:00:00", 8, 17.5))).isEmpty();
    }

    @Test
    void burstStraddlingAMinuteBoundaryIsCaught() {
        // Given half the burst in the last seconds of 10:00 and half in the first seconds of 10:01:
        // fixed one-minute buckets would see 4 + 4 and miss it
        List<Alert> alerts = rule().feed(concat(
                failures(ATTACKER, "root", "10:00:56", 4, 1),
                failures(ATTACKER, "root", "10:01:00", 4, 1)));

        assertThat(alerts).extracting(Alert::ruleId).containsExactly("auth.brute_force.source");
        assertThat(alerts.get(0).windowStart()).isEqualTo(at("10:00:56"));
    }

    @Test
    void aContinuingAttackAlertsOncePerSuppressionPeriod() {
        // Given 60 failures over 59 s, then another burst 12 minutes later (after the 10 min suppression)
        List<Alert> alerts = rule().feed(concat(
                failures(ATTACKER, "root", "10:00:00", 60, 1),
                failures(ATTACKER, "admin", "10:12:00", 8, 1)));

        // Then one alert for the first episode and one for the second, with different ids
        assertThat(alerts).extracting(Alert::windowStart).containsExactly(at("10:00:00"), at("10:12:00"));
        assertThat(alerts.get(0).alertId()).isNotEqualTo(alerts.get(1).alertId());
    }

    @Test
    void failuresFromDifferentSourcesAreNotAddedTogether() {
        List<Alert> alerts = rule().feed(concat(
                failures("198.51.100.1", "root", "10:00:00", 4, 1),
                failures("198.51.100.2", "root", "10:00:10", 4, 1)));

        assertThat(alerts).isEmpty();
    }

    @Test
    void successesDoNotCount() {
        List<Alert> alerts = new DetectionHarness("auth.brute_force.source", "auth.success_after_failures").feed(concat(
                failures(ATTACKER, "root", "10:00:00", 7, 1),
                List.of(success(ATTACKER, "alice", "10:00:08"))));

        // Then no brute force (7 failures), but the success after them is its own detection
        assertThat(alerts).extracting(Alert::ruleId).containsExactly("auth.success_after_failures");
    }

    @Test
    void outOfOrderFailuresWithinGraceStillCount() {
        // Given the 8th failure of the burst arrives first (producer reordering)
        List<Alert> alerts = rule().feed(concat(
                List.of(failure(ATTACKER, "root", "10:00:07")),
                failures(ATTACKER, "root", "10:00:00", 7, 1)));

        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).windowStart()).isEqualTo(at("10:00:00"));
    }

    @Test
    void alertIdsAreDeterministic() {
        List<Alert> first = rule().feed(failures(ATTACKER, "root", "10:00:00", 8, 1));
        List<Alert> second = rule().feed(failures(ATTACKER, "root", "10:00:00", 8, 1));

        assertThat(first.get(0).alertId()).isEqualTo(second.get(0).alertId()).hasSize(32);
    }

    @Test
    void aFailureBeyondGraceIsReportedLateNotEvaluated() {
        DetectionHarness harness = rule();
        harness.feed(List.of(failure(ATTACKER, "root", "11:00:00")));

        // When failures 20 minutes older than the source's newest event arrive (grace is 15 minutes)
        List<Alert> alerts = harness.feed(failures(ATTACKER, "root", "10:40:00", 8, 1));

        assertThat(alerts).isEmpty();
        assertThat(harness.late()).isEqualTo(8);
    }
}
