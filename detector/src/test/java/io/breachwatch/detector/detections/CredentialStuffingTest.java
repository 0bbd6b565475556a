package io.breachwatch.detector.detections;

import static io.breachwatch.detector.detections.DetectionHarness.concat;
import static io.breachwatch.detector.detections.Logins.at;
import static io.breachwatch.detector.detections.Logins.failures;
import static io.breachwatch.detector.detections.Logins.spray;
import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.schema.Alert;
import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.Entity;
import io.breachwatch.schema.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * auth.credential_stuffing: one source fails against ≥ 15 accounts with one or two tries each within 10 minutes
 * (default-rules.yaml: {@code at_least: 15} accounts, {@code min_events: 15}, {@code max_top_share: 0.15},
 * {@code window: 10m}, {@code suppression: 30m}).
 */
class CredentialStuffingTest {
    private static final String RULE = "auth.credential_stuffing";
    private static final String STUFFER = "203.0.113.66";

    private static DetectionHarness rule() {
        return new DetectionHarness(RULE);
    }

    @Test
    void fifteenAccountsTriedOnceEachWithinTenMinutesIsStuffing() {
        // Given 15 leaked accounts (user0..user14) tried once each, 30 s apart (7 min in all)
        List<AuthEvent> leakedPairs = spray(STUFFER, "10:00:00", 15, 1, 30);

        // When only this rule looks at them
        List<Alert> alerts = rule().feed(leakedPairs);

        // Then one alert at the 15th account
        assertThat(Raised.all(alerts)).containsExactly(
                new Raised(RULE, Entity.sourceIp(STUFFER), at("10:00:00"), at("10:07:00"), 15, 15));
        Alert alert = alerts.get(0);
        assertThat(alert.severity()).isEqualTo(Severity.HIGH);
        assertThat(alert.attack()).containsExactly("T1110.004");
        assertThat(alert.summary()).isEqualTo("Credential stuffing: 203.0.113.66 failed against 15 accounts "
                + "(15 failures) in 7m (threshold 15 accounts in 10m); accounts include: user0, user1, user10, "
                + "user11, user12, …");
    }

    @Test
    void slowStuffingStaysUnderTheSprayAndBruteForceRulesAndOnlyThisRuleSeesIt() {
        // Given the same 15 one-try accounts, 30 s apart, and the whole built-in catalogue watching
        List<Alert> alerts = new DetectionHarness().feed(spray(STUFFER, "10:00:00", 15, 1, 30));

        // Then only stuffing: 15 failures is under the spray's min_events 20, 30 s apart is 5 per 2 minutes
        assertThat(alerts).extracting(Alert::ruleId).containsExactly(RULE);
    }

    @Test
    void twoTriesOnOneAccountIsStillStuffing() {
        // Given root tried twice, then 14 other accounts once each, 20 s apart: the top account holds 2 of 16
        // failures (12.5 %, under max_top_share 0.15)
        List<AuthEvent> events = concat(
                failures(STUFFER, "root", "10:00:00", 2, 20),
                spray(STUFFER, "10:00:40", 14, 1, 20));

        assertThat(Raised.all(rule().feed(events))).containsExactly(
                new Raised(RULE, Entity.sourceIp(STUFFER), at("10:00:00"), at("10:05:00"), 15, 15));
    }

    @Test
    void threeTriesOnOneOfFifteenAccountsIsNotOneOrTwoTriesEach() {
        // Given root tried three times, then 14 other accounts once each: root holds 3 of 17 failures (17.6 %, just
        // over max_top_share 0.15)
        List<AuthEvent> events = concat(
                failures(STUFFER, "root", "10:00:00", 3, 20),
                spray(STUFFER, "10:01:00", 14, 1, 20));

        assertThat(rule().feed(events)).isEmpty();
    }

    @Test
    void fourteenAccountsStayBelowTheThreshold() {
        // Given one account fewer than at_least: 15, each tried twice (28 failures)
        assertThat(rule().feed(spray(STUFFER, "10:00:00", 14, 2, 10))).isEmpty();
    }

    @Test
    void fifteenAccountsSpreadOverMoreThanTenMinutesDoNotAlert() {
        // Given 15 accounts 43 s apart: the 1st and the 15th are 10m02s apart, just outside window: 10m
        assertThat(rule().feed(spray(STUFFER, "10:00:00", 15, 1, 43))).isEmpty();
    }

    @Test
    void aBruteForceOnOneAccountAndAFewMistypesAreNotStuffing() {
        // Given 30 failures for root from one source, and an office NAT where 12 people mistype once each
        List<AuthEvent> events = concat(
                failures(STUFFER, "root", "10:00:00", 30, 5),
                spray("192.0.2.1", "10:00:00", 12, 1, 20));

        assertThat(rule().feed(events)).isEmpty();
    }
}
