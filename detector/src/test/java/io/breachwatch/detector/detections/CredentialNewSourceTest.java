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
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * api.credential_new_source: after three days of learning from its first call, a third-party credential is used
 * from a source address it has never used (default-rules.yaml: {@code field: source_ip}, {@code learning: 3d},
 * {@code max_values: 1000}, {@code suppression: 1h}).
 */
class CredentialNewSourceTest {
    private static final String RULE = "api.credential_new_source";
    private static final ApiCalls.Call ACME = vendor("vendor-acme");
    private static final Entity ACME_CLIENT = new Entity("client_id", "vendor-acme");
    /** The integration's second NAT address. */
    private static final String VENDOR_NAT_2 = "198.51.100.11";
    private static final String ATTACKER = "203.0.113.66";

    private static DetectionHarness rule() {
        return new DetectionHarness(RULE);
    }

    /** Three days of calls from the vendor's two NAT addresses (.10 and .11), first call day 0 at 09:00:00. */
    private static List<ApiCallEvent> learning() {
        List<ApiCallEvent> calls = new ArrayList<>();
        for (int d = 0; d < 3; d++) {
            for (int h = 9; h <= 17; h++) {
                calls.add(ACME.at(day(d, String.format("%02d:00:00", h))));
                calls.add(ACME.from(VENDOR_NAT_2).at(day(d, String.format("%02d:00:30", h))));
            }
        }
        return calls;
    }

    @Test
    void theCredentialUsedFromANewAddressAfterLearningAlerts() {
        // Given three days of learning from 198.51.100.10 and .11
        DetectionHarness harness = rule();
        harness.feed(learning());

        // When the credential is used from an address it never used
        List<Alert> alerts = harness.feed(List.of(ACME.from(ATTACKER).at(day(3, "10:00:00"))));

        // Then one alert, naming the address (which relates the alert to anything else that address does)
        assertThat(Raised.all(alerts)).containsExactly(
                new Raised(RULE, ACME_CLIENT, day(3, "10:00:00"), day(3, "10:00:00"), 1, 0));
        Alert alert = alerts.get(0);
        assertThat(alert.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(alert.attack()).containsExactly("T1078");
        assertThat(alert.evidence().breakdown()).containsExactly(Map.entry("new:" + ATTACKER, 1L));
        assertThat(alert.summary()).isEqualTo("Vendor credential vendor-acme used from a new address 203.0.113.66 "
                + "(GET /orders/{id}; 2 known addresses)");
    }

    @Test
    void aNewAddressDuringLearningIsLearnedNotAlerted() {
        DetectionHarness harness = rule();
        harness.feed(learning());

        // A third NAT address one second before learning ends (day 3, 09:00:00) is learned, and stays known
        assertThat(harness.feed(List.of(ACME.from("198.51.100.12").at(day(3, "08:59:59"))))).isEmpty();
        assertThat(harness.feed(List.of(ACME.from("198.51.100.12").at(day(3, "12:00:00"))))).isEmpty();
    }

    @Test
    void knownAddressesAfterLearningAreQuiet() {
        DetectionHarness harness = rule();
        harness.feed(learning());

        assertThat(harness.feed(List.of(ACME.at(day(6, "10:00:00")), ACME.from(VENDOR_NAT_2).at(day(6, "10:00:01")))))
                .isEmpty();
    }

    @Test
    void learningStartsAtEachCredentialsOwnFirstUse() {
        // Given a credential first used on day 2
        DetectionHarness harness = rule();
        harness.feed(learning());
        ApiCalls.Call newcomer = vendor("vendor-new");
        harness.feed(List.of(newcomer.at(day(2, "12:00:00"))));

        // Then on day 4 a new address for it is still learning (2 days, under learning: 3d)
        assertThat(harness.feed(List.of(newcomer.from(ATTACKER).at(day(4, "12:00:00"))))).isEmpty();
    }

    @Test
    void oneAlertPerCredentialPerHourAndAddressesFirstSeenMeanwhileAreLearned() {
        DetectionHarness harness = rule();
        harness.feed(learning());
        List<ApiCallEvent> abuse = List.of(
                ACME.from(ATTACKER).at(day(3, "10:00:00")),          // new: alert, quiet until 11:00:00
                ACME.from("203.0.113.67").at(day(3, "10:20:00")),    // new, suppressed: learned silently
                ACME.from("203.0.113.68").at(day(3, "11:00:00")),    // new, suppression over: alert
                ACME.from("203.0.113.67").at(day(3, "13:00:00")));   // known since 10:20: quiet

        assertThat(Raised.all(harness.feed(abuse))).containsExactly(
                new Raised(RULE, ACME_CLIENT, day(3, "10:00:00"), day(3, "10:00:00"), 1, 0),
                new Raised(RULE, ACME_CLIENT, day(3, "11:00:00"), day(3, "11:00:00"), 1, 0));
    }

    @Test
    void firstPartyClientsAreNotWatched() {
        ApiCalls.Call internal = firstParty("checkout-service");
        List<ApiCallEvent> calls = List.of(internal.at(day(0, "09:00:00")),
                internal.from(ATTACKER).at(day(4, "09:00:00")));

        assertThat(rule().feed(calls)).isEmpty();
    }
}
