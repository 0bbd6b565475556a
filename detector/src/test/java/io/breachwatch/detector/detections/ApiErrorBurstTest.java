package io.breachwatch.detector.detections;

import static io.breachwatch.detector.detections.ApiCalls.vendor;
import static io.breachwatch.detector.detections.DetectionHarness.concat;
import static io.breachwatch.detector.detections.Logins.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.schema.Alert;
import io.breachwatch.schema.ApiCallEvent;
import io.breachwatch.schema.Entity;
import io.breachwatch.schema.Severity;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * api.error_burst: one client from one address gets ≥ 20 responses 401/403/404/500/501 within a minute, and they
 * are ≥ 50 % of its calls (default-rules.yaml: {@code at_least: 20}, {@code min_share: 0.5}, {@code window: 1m},
 * {@code suppression: 10m}; {@code matching: status 401, 403, 404, 500, 501}).
 */
class ApiErrorBurstTest {
    private static final String RULE = "api.error_burst";
    private static final String PROBER_IP = "203.0.113.9";
    /** Id guessing: reading orders that do not exist. */
    private static final ApiCalls.Call GUESS = vendor("vendor-acme").from(PROBER_IP).status(404);
    private static final ApiCalls.Call OK = vendor("vendor-acme").from(PROBER_IP);
    private static final Entity PROBER = new Entity("client_id+source_ip", "vendor-acme," + PROBER_IP);

    private static DetectionHarness rule() {
        return new DetectionHarness(RULE);
    }

    @Test
    void twentyNotFoundsInAMinuteAlert() {
        // Given 20 reads of orders that do not exist, 2 s apart (38 s in all)
        List<Alert> alerts = rule().feed(GUESS.times(20, "10:00:00", 2));

        // Then one alert at the 20th error, 100 % of the calls
        assertThat(Raised.all(alerts)).containsExactly(
                new Raised(RULE, PROBER, at("10:00:00"), at("10:00:38"), 20, 20));
        Alert alert = alerts.get(0);
        assertThat(alert.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(alert.attack()).containsExactly("T1190");
        assertThat(alert.evidence().breakdown()).containsEntry("status:404", 20L);
        assertThat(alert.summary()).isEqualTo("API error burst: vendor-acme,203.0.113.9 got 20 error responses "
                + "(100% of its calls) in 38s (threshold 20 in 1m); statuses: 404");
    }

    @Test
    void everyMatchingStatusCounts() {
        // Given 4 each of 401, 403, 404, 500 and 501, 1 s apart
        List<ApiCallEvent> calls = new ArrayList<>();
        int[] statuses = {401, 403, 404, 500, 501};
        for (int i = 0; i < 20; i++) {
            calls.add(OK.status(statuses[i % 5]).at(String.format("10:00:%02d", i)));
        }

        assertThat(Raised.all(rule().feed(calls))).containsExactly(
                new Raised(RULE, PROBER, at("10:00:00"), at("10:00:19"), 20, 20));
    }

    @Test
    void nineteenErrorsAreARetryLoopNotProbing() {
        // Given one error fewer than at_least: 20
        assertThat(rule().feed(GUESS.times(19, "10:00:00", 2))).isEmpty();
    }

    @Test
    void halfTheCallsIsTheLimit() {
        // Given 20 successful calls, then 20 errors, 1 s apart within 40 s: errors are exactly 50 % (min_share 0.5)
        List<ApiCallEvent> half = concat(OK.times(20, "10:00:00", 1), GUESS.times(20, "10:00:20", 1));

        assertThat(Raised.all(rule().feed(half))).containsExactly(
                new Raised(RULE, PROBER, at("10:00:00"), at("10:00:39"), 20, 20));
    }

    @Test
    void justUnderHalfTheCallsIsNotABurst() {
        // Given 21 successful calls, then 20 errors, within 41 s: errors are 20 of 41 (48.8 %)
        List<ApiCallEvent> calls = concat(OK.times(21, "10:00:00", 1), GUESS.times(20, "10:00:21", 1));

        assertThat(rule().feed(calls)).isEmpty();
    }

    @Test
    void twentyErrorsSpreadOverMoreThanAMinuteDoNotAlert() {
        // Given 20 errors 3.2 s apart: the 1st and the 20th are 60.8 s apart, just outside window: 1m
        assertThat(rule().feed(GUESS.times(20, "10:00:00", 3.2))).isEmpty();
    }

    @Test
    void gatewayErrorsFromOurOwnOutageAreNotCounted() {
        // Given 30 responses each of 502, 503 and 504 in a minute: they follow our outages, not the client
        List<ApiCallEvent> outage = concat(OK.status(502).times(30, "10:00:00", 0.5),
                OK.status(503).times(30, "10:00:15", 0.5), OK.status(504).times(30, "10:00:30", 0.5));
        outage.sort(java.util.Comparator.comparing(ApiCallEvent::timestamp));

        assertThat(rule().feed(outage)).isEmpty();
    }

    @Test
    void otherClientErrorsAreNotCounted() {
        // Given 30 bad requests (400) and 30 rate-limit refusals (429) in a minute
        List<ApiCallEvent> calls = concat(OK.status(400).times(30, "10:00:00", 1),
                OK.status(429).times(30, "10:00:30", 1));

        assertThat(rule().feed(calls)).isEmpty();
    }

    @Test
    void aHealthyIntegrationsOccasionalNotFoundsAreQuiet() {
        // Given a busy integration: 400 calls a minute for 5 minutes, one in ten a 404 (40 a minute, 10 %)
        List<ApiCallEvent> calls = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            ApiCalls.Call call = i % 10 == 0 ? GUESS : OK;
            calls.add(call.at(at("10:00:00").plusMillis(150L * i)));
        }

        assertThat(rule().feed(calls)).isEmpty();
    }

    @Test
    void errorsFromTwoAddressesAreTwoEntities() {
        // Given 10 errors from each of two addresses of the same client in the same minute
        List<ApiCallEvent> calls = concat(GUESS.times(10, "10:00:00", 2), GUESS.from("203.0.113.10")
                .times(10, "10:00:01", 2));
        calls.sort(java.util.Comparator.comparing(ApiCallEvent::timestamp));

        assertThat(rule().feed(calls)).isEmpty();
    }

    @Test
    void aContinuingProbeAlertsOncePerSuppressionPeriod() {
        // Given one error a second for 12 minutes
        List<ApiCallEvent> probe = GUESS.times(720, "10:00:00", 1);

        // Then the first alert at the 20th error keeps the entity quiet for suppression: 10m, until 10:10:19;
        // the next alert counts the 61 errors of the minute then ending
        assertThat(Raised.all(rule().feed(probe))).containsExactly(
                new Raised(RULE, PROBER, at("10:00:00"), at("10:00:19"), 20, 20),
                new Raised(RULE, PROBER, at("10:09:19"), at("10:10:19"), 61, 20));
    }
}
