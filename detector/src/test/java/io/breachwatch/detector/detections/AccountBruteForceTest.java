package io.breachwatch.detector.detections;

import static io.breachwatch.detector.detections.DetectionHarness.concat;
import static io.breachwatch.detector.detections.Logins.at;
import static io.breachwatch.detector.detections.Logins.failure;
import static io.breachwatch.detector.detections.Logins.failures;
import static io.breachwatch.detector.detections.Logins.spray;
import static io.breachwatch.detector.detections.Logins.success;
import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.schema.Alert;
import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.Entity;
import io.breachwatch.schema.Severity;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * auth.brute_force.account: ≥ 10 failures against one account within 5 minutes, from any number of sources
 * (default-rules.yaml: {@code at_least: 10}, {@code window: 5m}, {@code suppression: 15m}).
 */
class AccountBruteForceTest {
    private static final String RULE = "auth.brute_force.account";
    private static final Entity ALICE = Entity.user("alice");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private static DetectionHarness rule() {
        return new DetectionHarness(RULE);
    }

    /** One failure against {@code user} from each of 203.0.113.1..{count}, {@code stepSeconds} apart. */
    private static List<AuthEvent> fromManySources(String user, String start, int count, double stepSeconds) {
        List<AuthEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(failure("203.0.113." + (i + 1), user, after(start, i * stepSeconds)));
        }
        return events;
    }

    /** "10:00:00" plus {@code seconds}, as a fixture time ("10:00:25.000"). */
    private static String after(String start, double seconds) {
        return TIME.format(at(start).plusMillis(Math.round(seconds * 1000)));
    }

    @Test
    void tenFailuresAgainstOneAccountFromTenSourcesWithinFiveMinutesRaiseOneAlert() {
        // Given 10 failures against alice, each from another address, 25 s apart (3m45s in all)
        List<AuthEvent> campaign = fromManySources("alice", "10:00:00", 10, 25);

        // When only this rule looks at them
        List<Alert> alerts = rule().feed(campaign);

        // Then one alert, raised by the 10th failure (at_least: 10)
        assertThat(Raised.all(alerts)).containsExactly(
                new Raised(RULE, ALICE, at("10:00:00"), at("10:03:45"), 10, 10));
        Alert alert = alerts.get(0);
        assertThat(alert.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(alert.attack()).containsExactly("T1110.001");
        assertThat(alert.evidence().breakdown()).hasSize(10).containsEntry("source_ip:203.0.113.1", 1L);
        assertThat(alert.summary()).isEqualTo("Brute force against account alice: 10 failed logins in 3m45s "
                + "(threshold 10 in 5m); sources: 203.0.113.1, 203.0.113.10, 203.0.113.2, …");
    }

    @Test
    void aCampaignSpreadOverSourcesIsInvisibleToThePerSourceRule() {
        // Given the same 10 failures from 10 addresses, and the per-source rule watching too
        List<Alert> alerts = new DetectionHarness(RULE, "auth.brute_force.source")
                .feed(fromManySources("alice", "10:00:00", 10, 25));

        // Then only the per-account view sees it: no source failed more than once
        assertThat(alerts).extracting(Alert::ruleId).containsExactly(RULE);
    }

    @Test
    void nineFailuresStayBelowTheThreshold() {
        // Given one failure fewer than at_least: 10
        assertThat(rule().feed(fromManySources("alice", "10:00:00", 9, 25))).isEmpty();
    }

    @Test
    void tenFailuresSpreadOverMoreThanFiveMinutesDoNotAlert() {
        // Given 10 failures 34 s apart: the 1st and the 10th are 5m06s apart, just outside window: 5m
        assertThat(rule().feed(fromManySources("alice", "10:00:00", 10, 34))).isEmpty();
    }

    @Test
    void peopleMistypingTheirOwnPasswordsAreNotABruteForce() {
        // Given a busy morning: 40 people each fail twice from their own address, then log in
        List<AuthEvent> morning = new ArrayList<>(spray("192.0.2.1", "09:00:00", 40, 2, 3));
        for (int u = 0; u < 40; u++) {
            morning.add(success("192.0.2.1", "user" + u, "09:05:00"));
        }

        // And alice failing 9 times and then getting in, 20 successful logins of hers in the same minutes
        List<AuthEvent> alice = concat(failures("192.0.2.2", "alice", "10:00:00", 9, 10),
                List.of(success("192.0.2.2", "alice", "10:01:40")));
        for (int i = 0; i < 20; i++) {
            alice.add(success("192.0.2.2", "alice", after("10:02:00", i)));
        }

        // Then nothing: successes do not count, and nobody reached 10 failures
        assertThat(rule().feed(concat(morning, alice))).isEmpty();
    }

    @Test
    void failuresWithoutAUserNameAreNotCounted() {
        // Given 12 failures that name no account (a pre-authentication disconnect logs no user)
        List<AuthEvent> anonymous = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            anonymous.add(failure("203.0.113.9", null, after("10:00:00", i * 2)));
        }

        assertThat(rule().feed(anonymous)).isEmpty();
    }

    @Test
    void aContinuingCampaignAlertsOncePerSuppressionPeriod() {
        // Given 40 failures against alice 6 s apart (10:00:00-10:03:54), then 10 more from 10:16:00, 10 s apart
        List<AuthEvent> campaign = concat(
                failures("203.0.113.7", "alice", "10:00:00", 40, 6),
                failures("203.0.113.8", "alice", "10:16:00", 10, 10));

        // Then the first alert at the 10th failure (10:00:54) keeps the account quiet for suppression: 15m, until
        // 10:15:54; the later burst is a new episode with its own window and alert id
        assertThat(Raised.all(rule().feed(campaign))).containsExactly(
                new Raised(RULE, ALICE, at("10:00:00"), at("10:00:54"), 10, 10),
                new Raised(RULE, ALICE, at("10:16:00"), at("10:17:30"), 10, 10));
    }
}
