package io.breachwatch.detector.detections;

import static io.breachwatch.detector.detections.ApiCalls.vendor;
import static io.breachwatch.detector.detections.DetectionHarness.concat;
import static io.breachwatch.detector.detections.Logins.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.schema.Alert;
import io.breachwatch.schema.ApiCallEvent;
import io.breachwatch.schema.Entity;
import io.breachwatch.schema.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * api.key_enumeration: one source address presents ≥ 10 distinct client ids refused with 401 or 403 within 10
 * minutes (default-rules.yaml: {@code where: status 401, 403}, {@code group_by: source_ip},
 * {@code distinct_count} of {@code client_id}, {@code at_least: 10}, {@code window: 10m}, {@code suppression: 1h}).
 */
class ApiKeyEnumerationTest {
    private static final String RULE = "api.key_enumeration";
    private static final String ENUMERATOR_IP = "203.0.113.66";
    private static final Entity ENUMERATOR = new Entity("source_ip", ENUMERATOR_IP);

    private static DetectionHarness rule() {
        return new DetectionHarness(RULE);
    }

    /** A call with client id {@code ak_live_<n>} from {@code sourceIp}, answered with {@code status}. */
    private static ApiCalls.Call key(int n, String sourceIp, int status) {
        return vendor(String.format("ak_live_%02d", n)).from(sourceIp).status(status);
    }

    /** {@code count} refused calls (401), each with its own client id from {@code first} on, {@code step} apart. */
    private static List<ApiCallEvent> enumeration(String sourceIp, int first, int count, String start, double step) {
        List<ApiCallEvent> calls = new ArrayList<>(count);
        Instant t0 = at(start);
        for (int i = 0; i < count; i++) {
            calls.add(key(first + i, sourceIp, 401).at(t0.plusMillis(Math.round(i * step * 1000))));
        }
        return calls;
    }

    private static List<ApiCallEvent> inTimeOrder(List<ApiCallEvent> calls) {
        calls.sort(Comparator.comparing(ApiCallEvent::timestamp));
        return calls;
    }

    @Test
    void tenRefusedKeysFromOneAddressInTenMinutesAreAnEnumeration() {
        // Given 10 client ids, one refused call each, 30 s apart (4m30s in all), and the whole catalogue
        List<Alert> alerts = new DetectionHarness().feed(enumeration(ENUMERATOR_IP, 0, 10, "10:00:00", 30));

        // Then exactly one alert, at the 10th key: api.error_burst stays quiet, each key failed only once
        assertThat(Raised.all(alerts)).containsExactly(
                new Raised(RULE, ENUMERATOR, at("10:00:00"), at("10:04:30"), 10, 10));
        Alert alert = alerts.get(0);
        assertThat(alert.severity()).isEqualTo(Severity.HIGH);
        assertThat(alert.attack()).containsExactly("T1110.001", "T1110.004");
        assertThat(alert.evidence().breakdown()).hasSize(10).containsEntry("client_id:ak_live_00", 1L)
                .containsEntry("client_id:ak_live_09", 1L);
    }

    @Test
    void theAlertNamesTheAddressTheDistinctCountAndTheClientIds() {
        // Given one stolen key tried three times, 10 s apart, then nine other keys once each, 10 s apart
        List<ApiCallEvent> calls = concat(key(7, ENUMERATOR_IP, 401).times(3, "10:00:00", 10),
                enumeration(ENUMERATOR_IP, 10, 9, "10:00:30", 10));

        List<Alert> alerts = rule().feed(calls);

        // Then one alert at the 10th distinct key. A distinct count keeps each client id's newest refusal only (one
        // entry per key, so memory stays bounded however fast keys are cycled): the retried key counts once, and
        // the counted span starts at its last try
        assertThat(Raised.all(alerts)).containsExactly(
                new Raised(RULE, ENUMERATOR, at("10:00:20"), at("10:01:50"), 10, 10));
        Alert alert = alerts.get(0);
        assertThat(alert.entity()).isEqualTo(ENUMERATOR);
        assertThat(alert.summary()).isEqualTo("API key enumeration: 203.0.113.66 presented 10 distinct client ids "
                + "refused with 401/403 in 1m30s (threshold 10 in 10m); client ids include: "
                + "ak_live_07, ak_live_10, ak_live_11, ak_live_12, ak_live_13, …");
        assertThat(alert.evidence().breakdown()).hasSize(10).containsEntry("client_id:ak_live_07", 1L)
                .containsEntry("client_id:ak_live_18", 1L);
    }

    @Test
    void forbiddenAndUnauthorizedBothCount() {
        // Given 5 keys refused with 401 and 5 others with 403 (known keys, not allowed), interleaved 20 s apart
        List<ApiCallEvent> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            calls.add(key(i, ENUMERATOR_IP, i % 2 == 0 ? 401 : 403).at(at("10:00:00").plusSeconds(20L * i)));
        }

        assertThat(Raised.all(rule().feed(calls))).containsExactly(
                new Raised(RULE, ENUMERATOR, at("10:00:00"), at("10:03:00"), 10, 10));
    }

    @Test
    void nineKeysAreNotAnEnumerationHoweverOftenTheyAreTried() {
        // Given the same 9 keys tried in turn 5 times, one refusal every 12 s (45 in 8m48s): one key short of
        // at_least: 10
        List<ApiCallEvent> calls = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            for (int k = 0; k < 9; k++) {
                calls.add(key(k, ENUMERATOR_IP, 401).at(at("10:00:00").plusSeconds(108L * round + 12L * k)));
            }
        }

        assertThat(rule().feed(inTimeOrder(calls))).isEmpty();
    }

    @Test
    void tenKeysSpreadOverMoreThanTenMinutesDoNotAlert() {
        // Given 10 keys 67 s apart: the 1st and the 10th are 10m03s apart, just outside window: 10m
        assertThat(rule().feed(enumeration(ENUMERATOR_IP, 0, 10, "10:00:00", 67))).isEmpty();
    }

    @Test
    void oneRevokedKeyRetriedOverAndOverIsAnErrorBurstNotAnEnumeration() {
        // Given a misconfigured integration retrying its one revoked key every 2 s for 10 minutes (300 refusals)
        List<ApiCallEvent> retries = key(1, ApiCalls.VENDOR_NAT, 401).times(300, "10:00:00", 2);

        // Then the whole catalogue raises only api.error_burst for that client and address: one key is one key
        assertThat(new DetectionHarness().feed(retries)).extracting(Alert::ruleId).containsExactly("api.error_burst");
        assertThat(rule().feed(key(1, ApiCalls.VENDOR_NAT, 401).times(300, "11:00:00", 2))).isEmpty();
    }

    @Test
    void aSharedGatewayWhereManyKeysSucceedIsQuiet() {
        // Given one gateway address in front of 40 integrations, each calling 10 times in 10 minutes, all 200,
        // and 6 of them refused once each (tokens expiring and being refreshed): 40 keys, 6 refused
        List<ApiCallEvent> calls = new ArrayList<>();
        for (int k = 0; k < 40; k++) {
            calls.addAll(key(k, ApiCalls.VENDOR_NAT, 200).times(10, at("10:00:00").plusSeconds(k), 60));
        }
        for (int k = 0; k < 6; k++) {
            calls.add(key(k, ApiCalls.VENDOR_NAT, 401).at(at("10:05:00").plusSeconds(10L * k)));
        }

        assertThat(rule().feed(inTimeOrder(calls))).isEmpty();
    }

    @Test
    void notFoundsAndServerErrorsAcrossManyKeysAreNotRefusals() {
        // Given 30 keys each getting a 404, and 30 others a 500, within 5 minutes: nothing says the key was bad
        List<ApiCallEvent> calls = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            calls.add(key(i, ENUMERATOR_IP, 404).at(at("10:00:00").plusSeconds(5L * i)));
            calls.add(key(30 + i, ENUMERATOR_IP, 500).at(at("10:00:02").plusSeconds(5L * i)));
        }

        assertThat(rule().feed(inTimeOrder(calls))).isEmpty();
    }

    @Test
    void keysFromTwoAddressesAreTwoEntities() {
        // Given 6 keys refused from each of two addresses in the same 5 minutes: 12 keys, but 6 per address
        List<ApiCallEvent> calls = inTimeOrder(concat(enumeration(ENUMERATOR_IP, 0, 6, "10:00:00", 40),
                enumeration("203.0.113.67", 6, 6, "10:00:20", 40)));

        assertThat(rule().feed(calls)).isEmpty();
    }

    @Test
    void aContinuingEnumerationAlertsOnceAnHourForTheAddressNotOncePerKey() {
        // Given a new key every 20 s for 3 hours: 540 keys, one refusal each
        List<ApiCallEvent> calls = enumeration(ENUMERATOR_IP, 0, 540, "10:00:00", 20);

        // Then one alert at the 10th key keeps the address quiet for suppression: 1h, until 11:03:00; each later
        // alert counts the 31 keys of the 10 minutes then ending (both ends included); the last key is at 12:59:40
        assertThat(Raised.all(rule().feed(calls))).containsExactly(
                new Raised(RULE, ENUMERATOR, at("10:00:00"), at("10:03:00"), 10, 10),
                new Raised(RULE, ENUMERATOR, at("10:53:00"), at("11:03:00"), 31, 10),
                new Raised(RULE, ENUMERATOR, at("11:53:00"), at("12:03:00"), 31, 10));
    }
}
