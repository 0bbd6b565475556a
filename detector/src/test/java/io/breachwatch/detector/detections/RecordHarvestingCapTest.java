package io.breachwatch.detector.detections;

import static io.breachwatch.detector.detections.ApiCalls.firstParty;
import static io.breachwatch.detector.detections.ApiCalls.vendor;
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
 * api.record_harvesting.cap: a third-party client touches ≥ 5,000 distinct customers within an hour, whatever its
 * baseline (default-rules.yaml: {@code at_least: 5000}, {@code window: 1h}, {@code suppression: 1h}).
 */
class RecordHarvestingCapTest {
    private static final String RULE = "api.record_harvesting.cap";
    private static final ApiCalls.Call ACME = vendor("vendor-acme").calling("GET /customers/{id}");
    private static final Entity ACME_CLIENT = new Entity("client_id", "vendor-acme");

    private static DetectionHarness rule() {
        return new DetectionHarness(RULE);
    }

    @Test
    void fiveThousandDistinctCustomersWithinAnHourAlert() {
        // Given customers c1..c5000, one every 0.6 s (49m59.4s in all)
        List<ApiCallEvent> harvest = ACME.customers(1, 5000, "10:00:00", 0.6);

        // When only this rule looks at them
        List<Alert> alerts = rule().feed(harvest);

        // Then one alert at the 5,000th customer
        assertThat(Raised.all(alerts)).containsExactly(
                new Raised(RULE, ACME_CLIENT, at("10:00:00"), at("10:49:59.400"), 5000, 5000));
        Alert alert = alerts.get(0);
        assertThat(alert.severity()).isEqualTo(Severity.HIGH);
        assertThat(alert.attack()).containsExactly("T1213");
        assertThat(alert.summary()).isEqualTo("Record harvesting: client vendor-acme touched 5000 distinct customers "
                + "in 49m59s (cap 5000 in 1h)");
    }

    @Test
    void aHarvestThatStartsWithTheClientIsCaughtByTheCapWhileTheBaselineWarmsUp() {
        // Given a client never seen before walking 5,000 customers in 25 minutes, and both harvesting rules
        List<Alert> alerts = new DetectionHarness("api.record_harvesting", RULE)
                .feed(ACME.customers(1, 5000, "10:00:00", 0.3));

        // Then only the cap: the baseline rule has no hour of history yet
        assertThat(Raised.all(alerts)).containsExactly(
                new Raised(RULE, ACME_CLIENT, at("10:00:00"), at("10:24:59.700"), 5000, 5000));
    }

    @Test
    void fourThousandNineHundredNinetyNineCustomersReadAgainAndAgainStayUnderTheCap() {
        // Given 4,999 distinct customers, each read twice within the hour (9,998 calls)
        List<ApiCallEvent> events = new ArrayList<>(ACME.customers(1, 4999, "10:00:00", 0.35));
        events.addAll(ACME.customers(1, 4999, "10:30:00", 0.35));

        assertThat(rule().feed(events)).isEmpty();
    }

    @Test
    void fiveThousandCustomersOverSlightlyMoreThanAnHourDoNotAlert() {
        // Given 5,000 customers 0.721 s apart: the 1st and the 5,000th are 1h0m4s apart, so no hour holds 5,000
        assertThat(rule().feed(ACME.customers(1, 5000, "10:00:00", 0.721))).isEmpty();
    }

    @Test
    void firstPartyClientsAreNotWatched() {
        ApiCalls.Call internal = firstParty("crm-sync").calling("GET /customers/{id}");

        assertThat(rule().feed(internal.customers(1, 6000, "10:00:00", 0.5))).isEmpty();
    }
}
