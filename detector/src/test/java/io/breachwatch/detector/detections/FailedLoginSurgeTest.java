package io.breachwatch.detector.detections;

import static io.breachwatch.detector.detections.DetectionHarness.concat;
import static io.breachwatch.detector.detections.Logins.at;
import static io.breachwatch.detector.detections.Logins.success;
import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.schema.Alert;
import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.AuthOutcome;
import io.breachwatch.schema.Entity;
import io.breachwatch.schema.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * auth.failure_surge: failed logins across the whole platform in one minute exceed the learned per-minute mean
 * + 4σ, are ≥ 3× the mean and ≥ 30, after 30 minutes of history (default-rules.yaml: {@code bucket: 1m},
 * {@code warm_up: 30}, {@code sigma: 4}, {@code min_ratio: 3}, {@code floor: 30}, {@code suppression: 30m}).
 */
class FailedLoginSurgeTest {
    private static final String RULE = "auth.failure_surge";
    private static final Entity PLATFORM = new Entity("platform", "platform");
    private static int ids;

    private static DetectionHarness rule() {
        return new DetectionHarness(RULE);
    }

    /**
     * History: {@code counts[i]} failures spread over the i-th minute from {@code start}, each from the next of 200
     * addresses and against the next of 100 accounts (ordinary mistypes, nobody failing often).
     */
    private static List<AuthEvent> perMinute(String start, int... counts) {
        List<AuthEvent> events = new ArrayList<>();
        Instant t0 = at(start);
        for (int m = 0; m < counts.length; m++) {
            for (int i = 0; i < counts[m]; i++) {
                int n = ids++;
                events.add(failure("198.51.100." + (n % 200 + 1), "user" + (n % 100),
                        t0.plusSeconds(60L * m).plusMillis(60_000L * i / counts[m])));
            }
        }
        return events;
    }

    /** A distributed attack: {@code count} failures 1 s apart, each from another bot against another account. */
    private static List<AuthEvent> botnet(String start, int count) {
        List<AuthEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(failure("203.0.113." + (i + 1), "victim" + i, at(start).plusSeconds(i)));
        }
        return events;
    }

    private static AuthEvent failure(String sourceIp, String user, Instant time) {
        return new AuthEvent("s" + ids++, time, user, sourceIp, AuthOutcome.FAILURE, "password", "bad_password",
                "sshd", "web-1");
    }

    private static int[] minutes(int count, int... pattern) {
        int[] counts = new int[count];
        for (int i = 0; i < count; i++) {
            counts[i] = pattern[i % pattern.length];
        }
        return counts;
    }

    @Test
    void aDistributedAttackAboveTheFloorAlertsWhileEverySourceStaysQuiet() {
        // Given half an hour of 5 failures a minute (09:30-09:59: warm_up 30 completed minutes, mean 5, σ 0)
        List<AuthEvent> history = perMinute("09:30:00", minutes(30, 5));
        // And then 30 bots failing once each, 1 s apart from 10:00:00
        List<AuthEvent> attack = botnet("10:00:00", 30);

        // When the whole built-in catalogue looks at them
        List<Alert> alerts = new DetectionHarness().feed(concat(history, attack));

        // Then one alert, the surge, at the 30th failure of the minute: floor 30 is the highest of mean + 4σ (5),
        // 3 × mean (15) and the floor; no per-source or per-account rule sees anything
        assertThat(Raised.all(alerts)).containsExactly(
                new Raised(RULE, PLATFORM, at("10:00:00"), at("10:00:29"), 30, 30));
        Alert alert = alerts.get(0);
        assertThat(alert.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(alert.attack()).containsExactly("T1110");
        assertThat(alert.summary()).isEqualTo(
                "Failed-login surge: 30 failures platform-wide in 29s (6× the baseline of 5 ± 0 per 1m)");
    }

    @Test
    void twentyNineFailuresAreUnderTheFloor() {
        // Given the same history, then 29 failures in a minute (5.8× the mean, far above mean + 4σ, floor 30)
        List<AuthEvent> events = concat(perMinute("09:30:00", minutes(30, 5)), botnet("10:00:00", 29));

        assertThat(rule().feed(events)).isEmpty();
    }

    @Test
    void onABusyPlatformThreeTimesTheMeanDecides() {
        // Given 20 failures a minute for half an hour: threshold 3 × 20 = 60 (above floor 30 and mean + 4σ = 20)
        List<AuthEvent> history = perMinute("09:30:00", minutes(30, 20));

        // Then 59 failures in the next minute stay quiet, 60 alert
        assertThat(rule().feed(concat(history, botnet("10:00:00", 59)))).isEmpty();
        assertThat(Raised.all(rule().feed(concat(perMinute("09:30:00", minutes(30, 20)), botnet("10:00:00", 60)))))
                .containsExactly(new Raised(RULE, PLATFORM, at("10:00:00"), at("10:00:59"), 60, 60));
    }

    @Test
    void onANoisyPlatformTheLearnedDeviationDecides() {
        // Given half an hour alternating 2 and 18 failures a minute: the learned mean is 10.17 and σ 8.00, so
        // mean + 4σ = 42.16 is above 3 × mean (30.5) and the floor (30)
        List<AuthEvent> history = perMinute("09:30:00", minutes(30, 2, 18));

        // Then 42 failures in a minute are still within the platform's own noise; 43 exceed it
        assertThat(rule().feed(concat(history, botnet("10:00:00", 42)))).isEmpty();
        assertThat(Raised.all(rule().feed(concat(perMinute("09:30:00", minutes(30, 2, 18)), botnet("10:00:00", 43)))))
                .containsExactly(new Raised(RULE, PLATFORM, at("10:00:00"), at("10:00:42"), 43, 42.16));
    }

    @Test
    void noAlertBeforeWarmUpCompletesHoweverLargeTheSurge() {
        // Given only 29 minutes of history (09:31-09:59: one completed minute short of warm_up 30)
        List<AuthEvent> events = concat(perMinute("09:31:00", minutes(29, 5)), botnet("10:00:00", 100));

        // Then even 100 failures in a minute stay quiet (and become part of the baseline)
        assertThat(rule().feed(events)).isEmpty();
    }

    @Test
    void aMorningLoginPeakOfSuccessesIsNotASurge() {
        // Given the usual 5 failures a minute, then 500 successful logins in one minute
        List<AuthEvent> events = new ArrayList<>(perMinute("09:30:00", minutes(30, 5)));
        for (int i = 0; i < 500; i++) {
            events.add(success("192.0.2." + (i % 250 + 1), "user" + i, "10:00:" + String.format("%02d", i % 60)));
        }
        events.sort(java.util.Comparator.comparing(AuthEvent::timestamp));

        assertThat(rule().feed(events)).isEmpty();
    }
}
