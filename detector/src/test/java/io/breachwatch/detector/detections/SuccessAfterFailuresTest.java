package io.breachwatch.detector.detections;

import static io.breachwatch.detector.detections.DetectionHarness.concat;
import static io.breachwatch.detector.detections.Logins.at;
import static io.breachwatch.detector.detections.Logins.failures;
import static io.breachwatch.detector.detections.Logins.success;
import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.schema.Alert;
import java.util.List;
import org.junit.jupiter.api.Test;

/** auth.success_after_failures: ≥ 5 failures from a source, then a success from it within 10 minutes. */
class SuccessAfterFailuresTest {
    private static final String SOURCE = "198.51.100.23";

    @Test
    void fiveFailuresThenASuccessIsAlerted() {
        // Given 5 failures for alice 30 s apart (slow: no brute force), then alice gets in
        List<Alert> alerts = new DetectionHarness().feed(concat(
                failures(SOURCE, "alice", "10:00:00", 5, 30),
                List.of(success(SOURCE, "alice", "10:03:00"))));

        assertThat(alerts).extracting(Alert::ruleId).containsExactly("auth.success_after_failures");
        Alert alert = alerts.get(0);
        assertThat(alert.attack()).containsExactly("T1110");
        assertThat(alert.observed()).isEqualTo(5);
        assertThat(alert.windowStart()).isEqualTo(at("10:00:00"));
        assertThat(alert.detectedAt()).isEqualTo(at("10:03:00"));
        assertThat(alert.evidence().breakdown()).containsEntry("user:alice", 5L).containsEntry("then:alice", 1L);
        assertThat(alert.summary()).startsWith("Login succeeded for alice from 198.51.100.23 after 5 failures");
    }

    @Test
    void fourFailuresThenASuccessIsAnOrdinaryTypo() {
        List<Alert> alerts = new DetectionHarness().feed(concat(
                failures(SOURCE, "alice", "10:00:00", 4, 30),
                List.of(success(SOURCE, "alice", "10:03:00"))));

        assertThat(alerts).isEmpty();
    }

    @Test
    void failuresMoreThanTenMinutesBeforeTheSuccessDoNotCount() {
        List<Alert> alerts = new DetectionHarness().feed(concat(
                failures(SOURCE, "alice", "10:00:00", 5, 1),
                List.of(success(SOURCE, "alice", "10:10:05"))));

        assertThat(alerts).isEmpty();
    }

    @Test
    void aSuccessWithNoFailuresIsSilent() {
        assertThat(new DetectionHarness().feed(List.of(success(SOURCE, "fztu", "09:32:20")))).isEmpty();
    }

    @Test
    void aSuccessAfterASprayIsAlertedEvenForAnotherAccount() {
        // Given failures against five accounts, then a success on a sixth from the same source
        List<Alert> alerts = new DetectionHarness().feed(concat(
                Logins.spray(SOURCE, "10:00:00", 5, 1, 40),
                List.of(success(SOURCE, "bob", "10:04:00"))));

        assertThat(alerts).extracting(Alert::ruleId).containsExactly("auth.success_after_failures");
        assertThat(alerts.get(0).evidence().breakdown()).containsEntry("then:bob", 1L);
    }

    @Test
    void failuresFromAnotherSourceDoNotCount() {
        List<Alert> alerts = new DetectionHarness().feed(concat(
                failures("203.0.113.99", "alice", "10:00:00", 5, 30),
                List.of(success(SOURCE, "alice", "10:03:00"))));

        assertThat(alerts).isEmpty();
    }
}
