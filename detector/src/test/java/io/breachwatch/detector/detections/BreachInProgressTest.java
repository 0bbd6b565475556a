package io.breachwatch.detector.detections;

import static io.breachwatch.detector.detections.ApiCalls.vendor;
import static io.breachwatch.detector.detections.DetectionHarness.concat;
import static io.breachwatch.detector.detections.Flows.from;
import static io.breachwatch.detector.detections.Flows.ports;
import static io.breachwatch.detector.detections.Logins.at;
import static io.breachwatch.detector.detections.Logins.failures;
import static io.breachwatch.detector.detections.Logins.spray;
import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.schema.Alert;
import io.breachwatch.schema.CanonicalEvent;
import io.breachwatch.schema.EventType;
import io.breachwatch.schema.Incident;
import io.breachwatch.schema.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * incident.breach_in_progress: alerts of ≥ 2 signal families (auth, api, net) on related entities within 30 minutes
 * make one incident, end to end from events through the built-in rules.
 */
class BreachInProgressTest {
    private static final String ATTACKER = "203.0.113.7";
    /** Id guessing through a vendor credential, from the attacker's address. */
    private static final ApiCalls.Call GUESS = vendor("vendor-acme").from(ATTACKER).status(404);

    private static DetectionHarness rules() {
        return new DetectionHarness("auth.brute_force.source", "auth.password_spray", "api.error_burst",
                "net.port_scan");
    }

    /** 8 failures from the attacker, 1 s apart: auth.brute_force.source at {@code start} + 7 s. */
    private static List<? extends CanonicalEvent> bruteForce(String start) {
        return failures(ATTACKER, "root", start, 8, 1);
    }

    @Test
    void aBruteForceAndAnApiErrorBurstFromTheSameAddressAreOneIncident() {
        // Given a brute force from the attacker (alert at 10:00:07), then id guessing from the same address through a
        // vendor credential 20 minutes later (alert at 10:20:19)
        DetectionHarness harness = rules();
        List<Alert> alerts = harness.feed(concat(bruteForce("10:00:00"), GUESS.times(20, "10:20:00", 1)));

        // Then both alerts, and one incident opened by the second family's alert
        assertThat(alerts).extracting(Alert::ruleId).containsExactly("auth.brute_force.source", "api.error_burst");
        assertThat(harness.incidents()).hasSize(1);
        Incident incident = harness.incidents().get(0);
        assertThat(incident.families()).containsExactly(EventType.AUTH, EventType.API);
        assertThat(incident.alertIds()).containsExactlyElementsOf(alerts.stream().map(Alert::alertId).toList());
        assertThat(incident.ruleIds()).containsExactly("auth.brute_force.source", "api.error_burst");
        assertThat(incident.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(incident.firstAlertAt()).isEqualTo(at("10:00:07"));
        assertThat(incident.detectedAt()).isEqualTo(at("10:20:19"));
    }

    @Test
    void exactlyThirtyMinutesApartIsStillOneIncident() {
        DetectionHarness harness = rules();
        harness.feed(concat(bruteForce("10:00:00"), GUESS.times(20, "10:29:48", 1))); // alerts 10:00:07, 10:30:07

        assertThat(harness.incidents()).extracting(Incident::detectedAt).containsExactly(at("10:30:07"));
    }

    @Test
    void oneSecondMoreThanThirtyMinutesApartIsTwoUnrelatedAlerts() {
        DetectionHarness harness = rules();
        List<Alert> alerts = harness.feed(concat(bruteForce("10:00:00"),
                GUESS.times(20, "10:29:49", 1))); // alerts 10:00:07, 10:30:08

        assertThat(alerts).hasSize(2);
        assertThat(harness.incidents()).isEmpty();
    }

    @Test
    void alertsOfOneFamilyAreNoIncidentHoweverMany() {
        // Given a brute force and a spray from the same address (two auth alerts)
        DetectionHarness harness = rules();
        List<Alert> alerts = harness.feed(spray(ATTACKER, "10:00:00", 12, 2, 1));

        assertThat(alerts).extracting(Alert::ruleId).containsExactly("auth.brute_force.source",
                "auth.password_spray");
        assertThat(harness.incidents()).isEmpty();
    }

    @Test
    void alertsOnUnrelatedEntitiesAreNoIncident() {
        // Given a brute force from one address and an error burst from another
        DetectionHarness harness = rules();
        List<Alert> alerts = harness.feed(concat(bruteForce("10:00:00"),
                GUESS.from("198.51.100.99").times(20, "10:05:00", 1)));

        assertThat(alerts).hasSize(2);
        assertThat(harness.incidents()).isEmpty();
    }

    @Test
    void allThreeFamiliesRaiseTheSeverityOneLevel() {
        // Given the brute force, the error burst and a port scan of an inside host, all from the attacker's address
        DetectionHarness harness = rules();
        harness.feed(concat(bruteForce("10:00:00"), GUESS.times(20, "10:05:00", 1),
                from(ATTACKER).to("10.0.0.5").ports(ports(20, 25), "10:10:00", 1)));

        // Then one incident with three families: medium alerts, so a high incident
        assertThat(harness.incidents()).hasSize(1);
        Incident incident = harness.incidents().get(0);
        assertThat(incident.families()).containsExactly(EventType.AUTH, EventType.API, EventType.NET);
        assertThat(incident.ruleIds()).containsExactly("auth.brute_force.source", "api.error_burst",
                "net.port_scan");
        assertThat(incident.severity()).isEqualTo(Severity.HIGH);
        assertThat(incident.lastAlertAt()).isEqualTo(at("10:10:24"));
    }
}
