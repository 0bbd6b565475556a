package io.breachwatch.detector.detections;

import static io.breachwatch.detector.detections.ApiCalls.day;
import static io.breachwatch.detector.detections.ApiCalls.firstParty;
import static io.breachwatch.detector.detections.ApiCalls.vendor;
import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.schema.Alert;
import io.breachwatch.schema.ApiCallEvent;
import io.breachwatch.schema.Entity;
import io.breachwatch.schema.Severity;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * api.new_endpoint: after three days of learning from its first call, a third-party client calls an operation it
 * has never called (default-rules.yaml: {@code field: operation}, {@code learning: 3d}, {@code max_values: 512},
 * {@code suppression: 30m}).
 */
class NewEndpointTest {
    private static final String RULE = "api.new_endpoint";
    private static final ApiCalls.Call ACME = vendor("vendor-acme");
    private static final Entity ACME_CLIENT = new Entity("client_id", "vendor-acme");

    private static DetectionHarness rule() {
        return new DetectionHarness(RULE);
    }

    /**
     * Three days of an order-sync integration, first call day 0 at 09:00:00 (so learning ends day 3 at 09:00:00):
     * every hour 09:00-17:00 it reads orders and posts a shipment.
     */
    private static List<ApiCallEvent> learning() {
        List<ApiCallEvent> calls = new ArrayList<>();
        for (int d = 0; d < 3; d++) {
            for (int h = 9; h <= 17; h++) {
                calls.add(ACME.at(day(d, String.format("%02d:00:00", h))));
                calls.add(ACME.calling("POST /shipments").at(day(d, String.format("%02d:00:30", h))));
            }
        }
        return calls;
    }

    @Test
    void aNeverUsedOperationAfterLearningAlerts() {
        // Given three days of learning, then on day 3 a read of payment details the client never made
        DetectionHarness harness = rule();
        harness.feed(learning());

        // When it calls GET /payments/{id}
        List<Alert> alerts = harness.feed(List.of(ACME.calling("GET /payments/{id}").at(day(3, "10:00:00"))));

        // Then one alert for that call, naming the new operation
        assertThat(Raised.all(alerts)).containsExactly(
                new Raised(RULE, ACME_CLIENT, day(3, "10:00:00"), day(3, "10:00:00"), 1, 0));
        Alert alert = alerts.get(0);
        assertThat(alert.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(alert.attack()).containsExactly("T1199");
        assertThat(alert.evidence().breakdown()).containsExactly(java.util.Map.entry("new:GET /payments/{id}", 1L));
        assertThat(alert.summary()).isEqualTo("New API operation for client vendor-acme: GET /payments/{id} from "
                + "198.51.100.10 (2 known operations)");
    }

    @Test
    void learningEndsExactlyThreeDaysAfterTheFirstCall() {
        DetectionHarness harness = rule();
        harness.feed(learning());

        // A new operation one second before learning ends is learned, not alerted
        assertThat(harness.feed(List.of(ACME.calling("GET /customers/{id}").at(day(3, "08:59:59"))))).isEmpty();
        // Another new one at the very end of learning alerts
        assertThat(Raised.all(harness.feed(List.of(ACME.calling("DELETE /shipments/{id}").at(day(3, "09:00:00"))))))
                .containsExactly(new Raised(RULE, ACME_CLIENT, day(3, "09:00:00"), day(3, "09:00:00"), 1, 0));
        // And the one learned at 08:59:59 stays known after the suppression period (30m)
        assertThat(harness.feed(List.of(ACME.calling("GET /customers/{id}").at(day(3, "09:45:00"))))).isEmpty();
    }

    @Test
    void knownOperationsAfterLearningAreQuiet() {
        DetectionHarness harness = rule();
        harness.feed(learning());

        assertThat(harness.feed(List.of(ACME.at(day(5, "10:00:00")),
                ACME.calling("POST /shipments").at(day(5, "10:00:30"))))).isEmpty();
    }

    @Test
    void learningStartsAtEachClientsOwnFirstCall() {
        // Given vendor-acme learning since day 0, and vendor-new first seen on day 2
        DetectionHarness harness = rule();
        harness.feed(learning());
        ApiCalls.Call newcomer = vendor("vendor-new");
        harness.feed(List.of(newcomer.at(day(2, "12:00:00"))));

        // Then on day 4 a new operation of vendor-new is still part of its learning (2 days, under learning: 3d)
        assertThat(harness.feed(List.of(newcomer.calling("GET /payments/{id}").at(day(4, "11:59:59"))))).isEmpty();
    }

    @Test
    void afterAnAlertNewOperationsDuringSuppressionAreLearnedSilently() {
        // Given three days of learning, then a credential exploring the API on day 3
        DetectionHarness harness = rule();
        harness.feed(learning());
        List<ApiCallEvent> exploring = List.of(
                ACME.calling("GET /payments/{id}").at(day(3, "10:00:00")),   // new: alert, quiet until 10:30:00
                ACME.calling("GET /customers/{id}").at(day(3, "10:10:00")),  // new, suppressed: learned silently
                ACME.calling("GET /refunds/{id}").at(day(3, "10:30:00")),    // new, suppression over: alert
                ACME.calling("GET /customers/{id}").at(day(3, "11:30:00"))); // known since 10:10: quiet

        // Then two alerts; the operation first called while suppressed never alerts
        assertThat(Raised.all(harness.feed(exploring))).containsExactly(
                new Raised(RULE, ACME_CLIENT, day(3, "10:00:00"), day(3, "10:00:00"), 1, 0),
                new Raised(RULE, ACME_CLIENT, day(3, "10:30:00"), day(3, "10:30:00"), 1, 0));
    }

    @Test
    void firstPartyClientsAreNotWatched() {
        ApiCalls.Call internal = firstParty("checkout-service");
        List<ApiCallEvent> calls = List.of(internal.at(day(0, "09:00:00")),
                internal.calling("GET /payments/{id}").at(day(4, "09:00:00")));

        assertThat(rule().feed(calls)).isEmpty();
    }
}
