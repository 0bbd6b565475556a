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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * api.record_harvesting: the distinct customers a third-party client touches in one 5-minute bucket exceed its own
 * learned mean + 4σ, are ≥ 3× the mean and ≥ 200, after an hour of history (default-rules.yaml:
 * {@code measure: distinct}, {@code field: customer_id}, {@code bucket: 5m}, {@code warm_up: 12}, {@code sigma: 4},
 * {@code min_ratio: 3}, {@code floor: 200}, {@code suppression: 1h}).
 */
class RecordHarvestingTest {
    private static final String RULE = "api.record_harvesting";
    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);
    private static final ApiCalls.Call ACME = vendor("vendor-acme").calling("GET /customers/{id}");
    private static final Entity ACME_CLIENT = new Entity("client_id", "vendor-acme");

    private static DetectionHarness rule() {
        return new DetectionHarness(RULE);
    }

    /** An hour in which the integration serves its 40 regular customers (c1..c40) in every 5 minutes. */
    private static List<ApiCallEvent> usualHour() {
        return ACME.customersPerBucket("09:00:00", FIVE_MINUTES, repeat(40, 12));
    }

    @Test
    void walkingTheCustomerListAlertsAtTheTwoHundredthCustomer() {
        // Given the usual hour, then customers c1000, c1001... one per second from 10:00:00
        List<ApiCallEvent> events = concat(usualHour(), ACME.customers(1000, 280, "10:00:00", 1));

        // When only this rule looks at them
        List<Alert> alerts = rule().feed(events);

        // Then one alert at the 200th distinct customer: floor 200 is the highest of mean + 4σ (40), 3 × mean (120)
        // and the floor
        assertThat(Raised.all(alerts)).containsExactly(
                new Raised(RULE, ACME_CLIENT, at("10:00:00"), at("10:03:19"), 200, 200));
        Alert alert = alerts.get(0);
        assertThat(alert.severity()).isEqualTo(Severity.HIGH);
        assertThat(alert.attack()).containsExactly("T1213");
        assertThat(alert.summary()).isEqualTo("Record harvesting: client vendor-acme touched 200 distinct customers "
                + "in 3m19s (5× its baseline of 40 ± 0 per 5m)");
    }

    @Test
    void manyCallsForFewerThanTwoHundredCustomersAreNotHarvesting() {
        // Given the usual hour, then 199 customers read five times each (995 calls) within the 10:00 bucket
        List<ApiCallEvent> events = new ArrayList<>(usualHour());
        for (int round = 0; round < 5; round++) {
            events.addAll(ACME.customers(1000, 199, "10:0" + round + ":00", 0.3));
        }

        assertThat(rule().feed(events)).isEmpty();
    }

    @Test
    void aBigIntegrationNeedsThreeTimesItsUsualCustomers() {
        // Given an integration serving 100 distinct customers per 5 minutes: threshold 3 × 100 = 300
        List<ApiCallEvent> big = ACME.customersPerBucket("09:00:00", FIVE_MINUTES, repeat(100, 12));

        // Then 299 distinct customers are quiet, 300 alert
        assertThat(rule().feed(concat(big, ACME.customers(1000, 299, "10:00:00", 0.5)))).isEmpty();
        assertThat(Raised.all(rule().feed(concat(ACME.customersPerBucket("09:00:00", FIVE_MINUTES, repeat(100, 12)),
                ACME.customers(1000, 300, "10:00:00", 0.5))))).containsExactly(
                new Raised(RULE, ACME_CLIENT, at("10:00:00"), at("10:02:29.500"), 300, 300));
    }

    @Test
    void aHarvestByANewClientIsLeftToTheAbsoluteCap() {
        // Given a client never seen before that walks 1,000 customers in its first 5 minutes
        List<ApiCallEvent> events = ACME.customers(1, 1000, "10:00:00", 0.25);

        // Then this rule is still warming up (see RecordHarvestingCapTest for the rule that catches it)
        assertThat(rule().feed(events)).isEmpty();
    }

    @Test
    void callsThatTouchNoCustomerAreNotCounted() {
        // Given the usual hour, then 1,000 list calls that name no customer
        List<ApiCallEvent> events = concat(usualHour(), ACME.calling("GET /products").times(1000, "10:00:00", 0.25));

        assertThat(rule().feed(events)).isEmpty();
    }
}
