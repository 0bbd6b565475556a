package io.breachwatch.detector.detections;

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
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * api.vendor_data_volume.records: the records a third-party client reads or changes in one 5-minute bucket exceed
 * its own learned mean + 4σ, are ≥ 3× the mean and ≥ 1,000, after an hour of history; calls that report no record
 * count are not looked at (default-rules.yaml: {@code measure: sum}, {@code field: records}, {@code bucket: 5m},
 * {@code warm_up: 12}, {@code sigma: 4}, {@code min_ratio: 3}, {@code floor: 1000}, {@code suppression: 1h}).
 */
class VendorRecordVolumeTest {
    private static final String RULE = "api.vendor_data_volume.records";
    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);
    private static final ApiCalls.Call ACME = vendor("vendor-acme");
    private static final Entity ACME_CLIENT = new Entity("client_id", "vendor-acme");
    /** A list page of 100 orders. */
    private static final ApiCalls.Call PAGE = ACME.calling("GET /orders").records(100L);

    private static DetectionHarness rule() {
        return new DetectionHarness(RULE);
    }

    /** An hour of 10 calls of 10 records per 5 minutes: 100 records per bucket, σ 0. */
    private static List<ApiCallEvent> usualHour() {
        return ACME.records(10L).perBucket("09:00:00", FIVE_MINUTES, repeat(10, 12));
    }

    @Test
    void aThousandRecordsInFiveMinutesFromAClientThatUsuallyReadsAHundredAlerts() {
        // Given the usual hour, then pages of 100 orders every 10 s from 10:00:00
        List<ApiCallEvent> events = concat(usualHour(), PAGE.times(20, "10:00:00", 10));

        // When only this rule looks at them
        List<Alert> alerts = rule().feed(events);

        // Then one alert at the 10th page: floor 1000 is the highest of mean + 4σ (100), 3 × mean (300) and the
        // floor
        assertThat(Raised.all(alerts)).containsExactly(
                new Raised(RULE, ACME_CLIENT, at("10:00:00"), at("10:01:30"), 1000, 1000));
        Alert alert = alerts.get(0);
        assertThat(alert.severity()).isEqualTo(Severity.HIGH);
        assertThat(alert.attack()).containsExactly("T1530", "T1567");
        assertThat(alert.summary()).isEqualTo("API record volume anomaly: client vendor-acme touched 1000 records "
                + "in 1m30s (10× its baseline of 100 ± 0 per 5m)");
    }

    @Test
    void nineHundredNinetyNineRecordsAreUnderTheFloor() {
        List<ApiCallEvent> events = concat(usualHour(), PAGE.times(9, "10:00:00", 10),
                List.of(PAGE.records(99L).at("10:01:30")));

        assertThat(rule().feed(events)).isEmpty();
    }

    @Test
    void aBigIntegrationNeedsThreeTimesItsMean() {
        // Given 500 records per 5 minutes: threshold 3 × 500 = 1500 (above the floor of 1000)
        List<ApiCallEvent> big = ACME.records(50L).perBucket("09:00:00", FIVE_MINUTES, repeat(10, 12));

        // Then 1,499 records are quiet, 1,500 alert
        assertThat(rule().feed(concat(big, PAGE.times(14, "10:00:00", 10),
                List.of(PAGE.records(99L).at("10:02:20"))))).isEmpty();
        assertThat(Raised.all(rule().feed(concat(ACME.records(50L).perBucket("09:00:00", FIVE_MINUTES,
                repeat(10, 12)), PAGE.times(15, "10:00:00", 10))))).containsExactly(
                new Raised(RULE, ACME_CLIENT, at("10:00:00"), at("10:02:20"), 1500, 1500));
    }

    @Test
    void noAlertBeforeTheWarmUpHourCompletes() {
        // Given 11 buckets of history (one short of warm_up: 12), then 10,000 records
        List<ApiCallEvent> events = concat(ACME.records(10L).perBucket("09:05:00", FIVE_MINUTES, repeat(10, 11)),
                PAGE.times(100, "10:00:00", 1));

        assertThat(rule().feed(events)).isEmpty();
    }

    @Test
    void callsThatReportNoRecordCountAreNotLookedAt() {
        // Given the usual hour, then 5,000 calls whose producer reports no record count
        List<ApiCallEvent> events = concat(usualHour(), ACME.records(null).times(5000, "10:00:00", 0.05));

        assertThat(rule().feed(events)).isEmpty();
    }
}
