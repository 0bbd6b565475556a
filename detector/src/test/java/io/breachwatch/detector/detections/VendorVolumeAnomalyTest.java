package io.breachwatch.detector.detections;

import static io.breachwatch.detector.detections.ApiCalls.day;
import static io.breachwatch.detector.detections.ApiCalls.firstParty;
import static io.breachwatch.detector.detections.ApiCalls.repeat;
import static io.breachwatch.detector.detections.ApiCalls.vendor;
import static io.breachwatch.detector.detections.DetectionHarness.concat;
import static io.breachwatch.detector.detections.Logins.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.schema.Alert;
import io.breachwatch.schema.ApiCallEvent;
import io.breachwatch.schema.Entity;
import io.breachwatch.schema.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * api.vendor_volume_anomaly: a third-party client's calls in one 5-minute bucket exceed its own learned mean + 4σ,
 * are ≥ 2× the mean and ≥ 100, after an hour of history (default-rules.yaml: {@code bucket: 5m},
 * {@code warm_up: 12}, {@code sigma: 4}, {@code min_ratio: 2}, {@code floor: 100}, {@code suppression: 1h}).
 *
 * <p>Histories start at 09:00, so the twelve 5-minute buckets 09:00-09:55 complete the warm-up when the first call
 * of 10:00 arrives, and the bucket under test starts at 10:00:00.
 */
class VendorVolumeAnomalyTest {
    private static final String RULE = "api.vendor_volume_anomaly";
    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);
    private static final ApiCalls.Call ACME = vendor("vendor-acme");
    private static final Entity ACME_CLIENT = new Entity("client_id", "vendor-acme");

    private static DetectionHarness rule() {
        return new DetectionHarness(RULE);
    }

    /** An hour of a steady integration: 60 calls in every 5 minutes (mean 60, σ 0). */
    private static List<ApiCallEvent> steadyHour() {
        return ACME.perBucket("09:00:00", FIVE_MINUTES, repeat(60, 12));
    }

    @Test
    void twiceItsUsualVolumeAlertsAtTheCallThatReachesIt() {
        // Given a steady hour of 60 calls per 5 minutes, then 300 calls 1 s apart from 10:00:00
        List<ApiCallEvent> events = concat(steadyHour(), ACME.times(300, "10:00:00", 1));

        // When only this rule looks at them
        List<Alert> alerts = rule().feed(events);

        // Then one alert, at the 120th call of the bucket: 2 × mean (120) is the highest of mean + 4σ (60),
        // min_ratio × mean and the floor (100); the other 180 calls of the burst raise nothing more
        assertThat(Raised.all(alerts)).containsExactly(
                new Raised(RULE, ACME_CLIENT, at("10:00:00"), at("10:01:59"), 120, 120));
        Alert alert = alerts.get(0);
        assertThat(alert.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(alert.attack()).containsExactly("T1199", "T1567");
        assertThat(alert.summary()).isEqualTo("API volume anomaly: client vendor-acme made 120 calls in 1m59s "
                + "(2× its baseline of 60 ± 0 per 5m)");
    }

    @Test
    void justUnderTwiceItsUsualVolumeIsNotAnAnomaly() {
        // Given the steady hour, then 119 calls: 1.98 × the mean, under min_ratio: 2
        assertThat(rule().feed(concat(steadyHour(), ACME.times(119, "10:00:00", 1)))).isEmpty();
    }

    @Test
    void aQuietIntegrationNeedsTheAbsoluteFloor() {
        // Given a quiet integration with 10 calls per 5 minutes
        List<ApiCallEvent> quiet = ACME.perBucket("09:00:00", FIVE_MINUTES, repeat(10, 12));

        // Then 99 calls (9.9 × its mean) stay under floor: 100; 100 calls alert, the floor being the threshold
        assertThat(rule().feed(concat(quiet, ACME.times(99, "10:00:00", 1)))).isEmpty();
        assertThat(Raised.all(rule().feed(concat(ACME.perBucket("09:00:00", FIVE_MINUTES, repeat(10, 12)),
                ACME.times(100, "10:00:00", 1))))).containsExactly(
                new Raised(RULE, ACME_CLIENT, at("10:00:00"), at("10:01:39"), 100, 100));
    }

    @Test
    void aNoisyIntegrationMustExceedItsOwnMeanPlusFourSigma() {
        // Given an integration alternating 20 and 100 calls per 5 minutes: mean 60, σ 40, mean + 4σ = 220
        int[] noisy = {20, 100, 20, 100, 20, 100, 20, 100, 20, 100, 20, 100};

        // Then 220 calls are not above mean + 4σ; the 221st is
        assertThat(rule().feed(concat(ACME.perBucket("09:00:00", FIVE_MINUTES, noisy),
                ACME.times(220, "10:00:00", 1)))).isEmpty();
        assertThat(Raised.all(rule().feed(concat(ACME.perBucket("09:00:00", FIVE_MINUTES, noisy),
                ACME.times(221, "10:00:00", 1))))).containsExactly(
                new Raised(RULE, ACME_CLIENT, at("10:00:00"), at("10:03:40"), 221, 220));
    }

    @Test
    void noAlertBeforeTheWarmUpHourCompletes() {
        // Given only 55 minutes of history (09:05-09:55: 11 completed buckets, one short of warm_up: 12)
        List<ApiCallEvent> events = concat(ACME.perBucket("09:05:00", FIVE_MINUTES, repeat(60, 11)),
                ACME.times(290, "10:00:00", 1));

        // Then even 290 calls (almost 5 × the mean) stay quiet
        assertThat(rule().feed(events)).isEmpty();
    }

    @Test
    void aNormalDayOfPollingIsQuiet() {
        // Given two hours of an integration making 50, 60, 70, 50, 60, 70... calls per 5 minutes
        int[] normal = new int[24];
        for (int i = 0; i < normal.length; i++) {
            normal[i] = 50 + 10 * (i % 3);
        }

        assertThat(rule().feed(ACME.perBucket("09:00:00", FIVE_MINUTES, normal))).isEmpty();
    }

    @Test
    void aBatchIntegrationsEmptyBucketsCountAsZerosAndItsOwnRhythmStaysQuiet() {
        // Given a batch job making 180 calls once every 15 minutes and nothing in between: the empty buckets count
        // as zeros, so the mean is 60 and σ 84.9 (mean + 4σ = 399.4)
        int[] batch = {180, 0, 0, 180, 0, 0, 180, 0, 0, 180, 0, 0, 180};

        // Then its next run of 180 calls, three times the mean, is its normal rhythm
        assertThat(rule().feed(ACME.perBucket("09:00:00", FIVE_MINUTES, batch))).isEmpty();
    }

    @Test
    void firstPartyClientsAreNotWatchedByTheVendorRules() {
        // Given the platform's own client with the shape of the positive case
        ApiCalls.Call internal = firstParty("checkout-service");
        List<ApiCallEvent> events = concat(internal.perBucket("09:00:00", FIVE_MINUTES, repeat(60, 12)),
                internal.times(300, "10:00:00", 1));

        assertThat(rule().feed(events)).isEmpty();
    }

    /**
     * A long silence is missing data, not a quiet habit: only as many empty buckets as the warm-up count as zeros,
     * so an integration that sleeps overnight wakes up to yesterday's daytime baseline, not to a night of zeros.
     */
    @Test
    void anIntegrationSilentOvernightIsNotAlertedWhenItResumes() {
        // Given a business-hours integration: 200 calls per 5 minutes 09:00-17:00, silent until 09:00 next day
        List<ApiCallEvent> events = new ArrayList<>(ACME.perBucket("09:00:00", FIVE_MINUTES, repeat(200, 96)));
        // And the next morning's first bucket, exactly like every bucket of the day before
        events.addAll(ACME.times(200, day(1, "09:00:00"), 1));

        assertThat(rule().feed(events)).isEmpty();
    }

    @Test
    void aBurstTheMorningAfterASilentNightIsStillAlerted() {
        // Given the same integration, and next morning 5x its daytime volume within the first bucket (1,000 calls
        // in 250 s)
        List<ApiCallEvent> events = new ArrayList<>(ACME.perBucket("09:00:00", FIVE_MINUTES, repeat(200, 96)));
        events.addAll(ACME.times(1000, day(1, "09:00:00"), 0.25));

        assertThat(Raised.all(rule().feed(events))).extracting(Raised::ruleId).containsExactly(RULE);
    }
}
