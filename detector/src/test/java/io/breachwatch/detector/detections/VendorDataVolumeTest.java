package io.breachwatch.detector.detections;

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
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * api.vendor_data_volume: the response bytes a third-party client receives in one 5-minute bucket exceed its own
 * learned mean + 4σ, are ≥ 3× the mean and ≥ 10 MiB, after an hour of history (default-rules.yaml:
 * {@code measure: sum}, {@code field: response_bytes}, {@code bucket: 5m}, {@code warm_up: 12}, {@code sigma: 4},
 * {@code min_ratio: 3}, {@code floor: 10_485_760}, {@code suppression: 1h}).
 */
class VendorDataVolumeTest {
    private static final String RULE = "api.vendor_data_volume";
    private static final long MIB = 1_048_576;
    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);
    private static final ApiCalls.Call ACME = vendor("vendor-acme");
    private static final Entity ACME_CLIENT = new Entity("client_id", "vendor-acme");
    /** A bulk export page: 1 MiB per call. */
    private static final ApiCalls.Call EXPORT_PAGE = ACME.calling("GET /orders").bytes(MIB);

    private static DetectionHarness rule() {
        return new DetectionHarness(RULE);
    }

    /** An hour of 4 calls of 512 KiB per 5 minutes: 2 MiB per bucket, σ 0. */
    private static List<ApiCallEvent> usualHour() {
        return ACME.bytes(512 * 1024L).perBucket("09:00:00", FIVE_MINUTES, repeat(4, 12));
    }

    @Test
    void aBulkExportOfTenMebibytesAlerts() {
        // Given the usual hour (2 MiB per 5 minutes), then 1 MiB export pages every 5 s from 10:00:00
        List<ApiCallEvent> events = concat(usualHour(), EXPORT_PAGE.times(30, "10:00:00", 5));

        // When only this rule looks at them
        List<Alert> alerts = rule().feed(events);

        // Then one alert at the 10th page: floor 10 MiB is the highest of mean + 4σ (2 MiB), 3 × mean (6 MiB)
        // and the floor
        assertThat(Raised.all(alerts)).containsExactly(
                new Raised(RULE, ACME_CLIENT, at("10:00:00"), at("10:00:45"), 10_485_760, 10_485_760));
        Alert alert = alerts.get(0);
        assertThat(alert.severity()).isEqualTo(Severity.HIGH);
        assertThat(alert.attack()).containsExactly("T1530", "T1567");
        assertThat(alert.summary()).isEqualTo("API data volume anomaly: client vendor-acme received 10485760 bytes "
                + "in 45s (5× its baseline of 2097152 ± 0 per 5m)");
    }

    @Test
    void oneByteUnderTheFloorIsQuiet() {
        // Given the usual hour, then 9 pages of 1 MiB and one of 1 MiB - 1 byte: 10,485,759 bytes
        List<ApiCallEvent> events = concat(usualHour(), EXPORT_PAGE.times(9, "10:00:00", 5),
                List.of(EXPORT_PAGE.bytes(MIB - 1).at("10:00:45")));

        assertThat(rule().feed(events)).isEmpty();
    }

    @Test
    void aBigIntegrationNeedsThreeTimesItsMean() {
        // Given an integration receiving 8 MiB per 5 minutes: threshold 3 × 8 = 24 MiB (above the 10 MiB floor)
        List<ApiCallEvent> big = EXPORT_PAGE.perBucket("09:00:00", FIVE_MINUTES, repeat(8, 12));

        // Then 24 MiB - 1 byte is quiet, 24 MiB alerts
        assertThat(rule().feed(concat(big, EXPORT_PAGE.times(23, "10:00:00", 5),
                List.of(EXPORT_PAGE.bytes(MIB - 1).at("10:01:55"))))).isEmpty();
        assertThat(Raised.all(rule().feed(concat(EXPORT_PAGE.perBucket("09:00:00", FIVE_MINUTES, repeat(8, 12)),
                EXPORT_PAGE.times(24, "10:00:00", 5))))).containsExactly(
                new Raised(RULE, ACME_CLIENT, at("10:00:00"), at("10:01:55"), 25_165_824, 25_165_824));
    }

    @Test
    void noAlertBeforeTheWarmUpHourCompletes() {
        // Given 11 buckets of history (09:05-09:55, one short of warm_up: 12), then 100 MiB
        List<ApiCallEvent> events = concat(
                ACME.bytes(512 * 1024L).perBucket("09:05:00", FIVE_MINUTES, repeat(4, 11)),
                EXPORT_PAGE.times(100, "10:00:00", 1));

        assertThat(rule().feed(events)).isEmpty();
    }

    @Test
    void ordinaryVariationAndUnreportedSizesAreQuiet() {
        // Given two hours between 1.5 and 2.5 MiB per 5 minutes (3 to 5 calls of 512 KiB)
        int[] calls = new int[24];
        for (int i = 0; i < calls.length; i++) {
            calls[i] = 3 + i % 3;
        }
        // And then 1,000 calls whose producer does not report response sizes (they add nothing)
        List<ApiCallEvent> events = concat(ACME.bytes(512 * 1024L).perBucket("09:00:00", FIVE_MINUTES, calls),
                ACME.bytes(null).times(1000, "11:00:00", 0.25));

        assertThat(rule().feed(events)).isEmpty();
    }

    @Test
    void firstPartyClientsAreNotWatched() {
        ApiCalls.Call internal = firstParty("reporting-service").calling("GET /orders");
        List<ApiCallEvent> events = concat(internal.bytes(512 * 1024L).perBucket("09:00:00", FIVE_MINUTES,
                repeat(4, 12)), internal.bytes(MIB).times(30, "10:00:00", 5));

        assertThat(rule().feed(events)).isEmpty();
    }
}
