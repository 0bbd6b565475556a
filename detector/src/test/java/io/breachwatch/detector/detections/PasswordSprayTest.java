package io.breachwatch.detector.detections;

import static io.breachwatch.detector.detections.DetectionHarness.concat;
import static io.breachwatch.detector.detections.Logins.at;
import static io.breachwatch.detector.detections.Logins.failures;
import static io.breachwatch.detector.detections.Logins.spray;
import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.schema.Alert;
import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

/** auth.password_spray: one source fails against ≥ 10 distinct users with ≥ 20 failures within 5 minutes. */
class PasswordSprayTest {
    private static final String SPRAYER = "192.0.2.50";

    /**
     * The rule alone. At the default thresholds 20 failures in 5 minutes almost always hold 8 within some 2 minutes,
     * so a spray is also a brute force (the first and last tests show the whole catalogue); near-miss tests look at
     * this rule only, so that their expected alert list is the full list.
     */
    private static DetectionHarness rule() {
        return new DetectionHarness("auth.password_spray");
    }

    @Test
    void tenUsersTwiceEachWithinFiveMinutesIsASpray() {
        // Given 10 users × 2 tries, 14 s apart: 20 failures over 4m26s (slow enough to stay under brute force)
        List<Alert> alerts = new DetectionHarness().feed(spray(SPRAYER, "10:00:00", 10, 2, 14));

        assertThat(alerts).extracting(Alert::ruleId).containsExactly("auth.brute_force.source", "auth.password_spray");
        Alert alert = alerts.get(1);
        assertThat(alert.attack()).containsExactly("T1110.003");
        assertThat(alert.severity()).isEqualTo(Severity.HIGH);
        assertThat(alert.observed()).isEqualTo(10);
        assertThat(alert.threshold()).isEqualTo(10);
        assertThat(alert.windowStart()).isEqualTo(at("10:00:00"));
        assertThat(alert.detectedAt()).isEqualTo(at("10:04:26"));
        assertThat(alert.evidence().breakdown()).hasSize(10).containsEntry("user:user0", 2L);
    }

    @Test
    void nineUsersAreNotASprayHoweverManyFailures() {
        assertThat(rule().feed(spray(SPRAYER, "10:00:00", 9, 4, 5))).isEmpty();
    }

    @Test
    void tenUsersWithNineteenFailuresStayBelowTheFailureFloor() {
        // Given 10 users, 19 failures (the 10th user tried once)
        List<Alert> alerts = rule().feed(spray(SPRAYER, "10:00:00", 10, 2, 14).subList(0, 19));

        assertThat(alerts).isEmpty();
    }

    @Test
    void aBruteForceOnOneAccountThatAlsoTriesOtherNamesIsNotASpray() {
        // Given 11 failures for root, then 10 other accounts tried once each: root holds 11 of 21 (52 %)
        List<Alert> alerts = rule().feed(concat(
                failures(SPRAYER, "root", "10:00:00", 11, 10),
                spray(SPRAYER, "10:02:00", 10, 1, 10)));

        assertThat(alerts).isEmpty();
    }

    @Test
    void halfTheFailuresOnOneAccountIsStillASpray() {
        // Given 10 accounts tried once each, then 10 failures for root: root holds 10 of 20 (50 %, the limit)
        List<Alert> alerts = rule().feed(concat(
                spray(SPRAYER, "10:00:00", 10, 1, 10),
                failures(SPRAYER, "root", "10:02:00", 10, 10)));

        assertThat(alerts).extracting(Alert::detectedAt).containsExactly(at("10:03:30"));
    }

    @Test
    void aSpraySlowerThanFiveMinutesDoesNotAlert() {
        // Given 20 failures across 10 users, 16 s apart: any 5-minute span holds at most 19
        assertThat(rule().feed(spray(SPRAYER, "10:00:00", 10, 2, 16))).isEmpty();
    }

    @Test
    void anOfficeWhereTenPeopleMistypeOnceIsNotASpray() {
        // Given one NAT address in front of an office: 10 people fail once each within 5 minutes, then log in
        List<AuthEvent> morning = new java.util.ArrayList<>(spray("192.0.2.1", "09:00:00", 10, 1, 20));
        for (int u = 0; u < 10; u++) {
            morning.add(Logins.success("192.0.2.1", "user" + u, "09:04:00"));
        }

        // Then nothing: 10 accounts, but 10 failures, under min_events 20
        assertThat(rule().feed(morning)).isEmpty();
    }

    @Test
    void aFastOneTryPerAccountSprayReadsAsBruteForceSprayAndCredentialStuffing() {
        // Given 30 users once each, 1 s apart, and the whole catalogue
        List<Alert> alerts = new DetectionHarness().feed(spray(SPRAYER, "10:00:00", 30, 1, 1));

        // Then three views of the same source, each raised once, in the order their thresholds are met:
        // 8 failures (rate), 15 one-try accounts (stuffing), 20 failures over 10+ accounts (spray)
        assertThat(alerts).extracting(Alert::ruleId)
                .containsExactly("auth.brute_force.source", "auth.credential_stuffing", "auth.password_spray");
    }
}
