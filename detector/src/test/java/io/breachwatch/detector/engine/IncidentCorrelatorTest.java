package io.breachwatch.detector.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.schema.Alert;
import io.breachwatch.schema.Entity;
import io.breachwatch.schema.EventType;
import io.breachwatch.schema.Incident;
import io.breachwatch.schema.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** incident.breach_in_progress: ≥ 2 signal families alert on related entities within 30 minutes. */
class IncidentCorrelatorTest {
    private static final Instant T0 = Instant.parse("2026-03-14T09:00:00Z");

    private static Alert alert(String ruleId, Entity entity, int minute, Map<String, Long> breakdown) {
        Instant at = T0.plus(Duration.ofMinutes(minute));
        return new Alert(ruleId + "@" + entity.value() + "@" + minute, ruleId, ruleId, Severity.HIGH, List.of(),
                entity, at, at, 1, 1, at, at, at, "s", new Alert.Evidence(List.of(), breakdown));
    }

    private static List<Incident> feed(IncidentCorrelator correlator, Alert... alerts) {
        List<Incident> out = new ArrayList<>();
        for (Alert a : alerts) {
            correlator.onAlert(a).ifPresent(out::add);
        }
        return out;
    }

    @Test
    void theMarchIncidentIsOneIncident() {
        // Given the vendor credential's abuse (api), a platform-wide failed-login surge (auth) and rising egress (net)
        IncidentCorrelator correlator = new IncidentCorrelator(Duration.ofMinutes(30));
        List<Incident> updates = feed(correlator,
                alert("api.new_endpoint", new Entity("client_id", "vendor-acme"), 0, Map.of()),
                alert("api.sensitive_write", new Entity("client_id", "vendor-acme"), 2, Map.of()),
                alert("auth.failure_surge", new Entity("platform", "platform"), 5, Map.of()),
                alert("api.vendor_data_volume", new Entity("client_id", "vendor-acme"), 9, Map.of()),
                alert("net.egress_spike", new Entity("src_ip", "10.0.4.17"), 20, Map.of()));

        // Then one incident, opened when the second family appeared, updated as the others joined
        assertThat(updates).extracting(Incident::incidentId).containsOnly(updates.get(0).incidentId());
        Incident last = updates.get(updates.size() - 1);
        assertThat(last.families()).containsExactly(EventType.API, EventType.AUTH, EventType.NET);
        assertThat(last.alertIds()).hasSize(5);
        assertThat(last.severity()).isEqualTo(Severity.CRITICAL); // three families: one level above HIGH
        assertThat(updates.get(0).detectedAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
    }

    @Test
    void oneFamilyAloneIsNoIncidentHoweverManyAlerts() {
        IncidentCorrelator correlator = new IncidentCorrelator(Duration.ofMinutes(30));
        assertThat(feed(correlator,
                alert("auth.brute_force.source", Entity.sourceIp("203.0.113.7"), 0, Map.of()),
                alert("auth.password_spray", Entity.sourceIp("203.0.113.7"), 1, Map.of()),
                alert("auth.success_after_failures", Entity.sourceIp("203.0.113.7"), 2, Map.of()))).isEmpty();
    }

    @Test
    void unrelatedEntitiesOfDifferentFamiliesAreNoIncident() {
        IncidentCorrelator correlator = new IncidentCorrelator(Duration.ofMinutes(30));
        assertThat(feed(correlator,
                alert("auth.brute_force.source", Entity.sourceIp("203.0.113.7"), 0, Map.of()),
                alert("net.port_scan", new Entity("src_ip+dst_ip", "198.51.100.9,10.0.0.5"), 3, Map.of())))
                .isEmpty();
    }

    @Test
    void relatedByASharedValueInTheEvidence() {
        // A vendor credential used from a new address (api), and a brute force from that address (auth)
        IncidentCorrelator correlator = new IncidentCorrelator(Duration.ofMinutes(30));
        List<Incident> updates = feed(correlator,
                alert("auth.brute_force.source", Entity.sourceIp("203.0.113.7"), 0, Map.of("user:root", 9L)),
                alert("api.credential_new_source", new Entity("client_id", "vendor-acme"), 4,
                        Map.of("new:203.0.113.7", 1L)));

        assertThat(updates).hasSize(1);
        assertThat(updates.get(0).entities()).extracting(Entity::value).containsExactly("203.0.113.7", "vendor-acme");
    }

    @Test
    void familiesMoreThanThirtyMinutesApartAreSeparateEpisodes() {
        IncidentCorrelator correlator = new IncidentCorrelator(Duration.ofMinutes(30));
        assertThat(feed(correlator,
                alert("api.new_endpoint", new Entity("client_id", "vendor-acme"), 0, Map.of()),
                alert("auth.failure_surge", new Entity("platform", "platform"), 31, Map.of()))).isEmpty();
    }

    @Test
    void aQuietEpisodeClosesAndTheNextOneIsANewIncident() {
        IncidentCorrelator correlator = new IncidentCorrelator(Duration.ofMinutes(30));
        List<Incident> first = feed(correlator,
                alert("api.new_endpoint", new Entity("client_id", "vendor-acme"), 0, Map.of()),
                alert("auth.failure_surge", new Entity("platform", "platform"), 1, Map.of()));
        List<Incident> second = feed(correlator,
                alert("api.new_endpoint", new Entity("client_id", "vendor-acme"), 90, Map.of()),
                alert("auth.failure_surge", new Entity("platform", "platform"), 91, Map.of()));

        assertThat(first).hasSize(1);
        assertThat(second).hasSize(1);
        assertThat(second.get(0).incidentId()).isNotEqualTo(first.get(0).incidentId());
    }

    @Test
    void stateSurvivesItsEncoding() {
        IncidentCorrelator correlator = new IncidentCorrelator(Duration.ofMinutes(30));
        feed(correlator, alert("api.new_endpoint", new Entity("client_id", "vendor-acme"), 0, Map.of()));

        IncidentCorrelator restored = IncidentCorrelator.read(correlator.write(), Duration.ofMinutes(30));
        Optional<Incident> incident = restored.onAlert(
                alert("auth.failure_surge", new Entity("platform", "platform"), 3, Map.of()));

        assertThat(incident).isPresent();
        assertThat(incident.get().alertIds()).hasSize(2);
    }

    @Test
    void aFloodOfOneFamilyStillYieldsAnIncidentListingTheNewFamily() {
        // Given 300 related auth alerts (a distributed brute force on root), then one api alert on the same user
        IncidentCorrelator correlator = new IncidentCorrelator(Duration.ofMinutes(30));
        for (int i = 0; i < 300; i++) {
            correlator.onAlert(alert("auth.brute_force.source", Entity.sourceIp("203.0.113." + (i % 250)), 0,
                    Map.of("user:root", 8L)));
        }
        Optional<Incident> incident = correlator.onAlert(
                alert("api.credential_new_source", new Entity("client_id", "root"), 1, Map.of()));

        assertThat(incident).isPresent();
        assertThat(incident.get().families()).containsExactlyInAnyOrder(EventType.AUTH, EventType.API);
        assertThat(incident.get().alertIds()).hasSize(Incident.MAX_ALERTS).doesNotHaveDuplicates()
                .endsWith("api.credential_new_source@root@1");
    }

    @Test
    void anAlertDeliveredTwiceBeforeCorrelationIsListedOnce() {
        IncidentCorrelator correlator = new IncidentCorrelator(Duration.ofMinutes(30));
        Alert first = alert("api.new_endpoint", new Entity("client_id", "vendor-acme"), 0, Map.of());
        List<Incident> updates = feed(correlator, first, first,
                alert("auth.failure_surge", new Entity("platform", "platform"), 1, Map.of()));

        assertThat(updates).hasSize(1);
        assertThat(updates.get(0).alertIds()).doesNotHaveDuplicates().hasSize(2);
    }

    @Test
    void theSameAlertDeliveredTwiceChangesNothing() {
        IncidentCorrelator correlator = new IncidentCorrelator(Duration.ofMinutes(30));
        Alert surge = alert("auth.failure_surge", new Entity("platform", "platform"), 1, Map.of());
        feed(correlator, alert("api.new_endpoint", new Entity("client_id", "vendor-acme"), 0, Map.of()), surge);

        assertThat(correlator.onAlert(surge)).isEmpty();
    }
}
