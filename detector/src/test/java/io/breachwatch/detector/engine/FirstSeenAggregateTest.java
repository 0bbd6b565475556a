package io.breachwatch.detector.engine;

import static io.breachwatch.detector.engine.EngineFixtures.T0;
import static io.breachwatch.detector.engine.EngineFixtures.call;
import static io.breachwatch.detector.engine.EngineFixtures.rule;
import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.detector.replay.OfflineDetection;
import io.breachwatch.detector.rules.AggregateSpec;
import io.breachwatch.detector.rules.Filter;
import io.breachwatch.schema.Alert;
import io.breachwatch.schema.EventType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** First-seen value per entity after a learning period, with bounded memory. */
class FirstSeenAggregateTest {
    private static OfflineDetection newEndpoint(int maxValues) {
        return new OfflineDetection(DetectionEngine.of(List.of(rule("api.new_endpoint", EventType.API, Filter.ALL,
                List.of("client_id"), Duration.ofMinutes(1),
                new AggregateSpec.FirstSeen("operation", Duration.ofHours(1), maxValues), null)),
                Duration.ofMinutes(15)));
    }

    @Test
    void aNewOperationAfterLearningAlerts() {
        OfflineDetection detection = newEndpoint(100);
        detection.feed(call("vendor-acme", "GET /orders/{id}", 1, null, T0));
        detection.feed(call("vendor-acme", "POST /shipments", 1, null, T0.plusSeconds(600)));

        List<Alert> alerts = detection.feed(call("vendor-acme", "GET /payments/{id}", 1, null,
                T0.plus(Duration.ofMinutes(61))));

        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).evidence().breakdown()).containsEntry("new:GET /payments/{id}", 1L);
    }

    @Test
    void knownOperationsAndNewOnesDuringLearningAreSilent() {
        OfflineDetection detection = newEndpoint(100);
        List<Alert> alerts = detection.feedAll(List.of(
                call("vendor-acme", "GET /orders/{id}", 1, null, T0),
                call("vendor-acme", "POST /shipments", 1, null, T0.plus(Duration.ofMinutes(59))),
                call("vendor-acme", "GET /orders/{id}", 1, null, T0.plus(Duration.ofHours(2))),
                call("vendor-acme", "POST /shipments", 1, null, T0.plus(Duration.ofHours(3)))));

        assertThat(alerts).isEmpty();
    }

    @Test
    void learningStartsPerEntity() {
        OfflineDetection detection = newEndpoint(100);
        detection.feed(call("vendor-old", "GET /orders/{id}", 1, null, T0));

        // A client first seen two hours later is still learning
        assertThat(detection.feed(call("vendor-new", "GET /orders/{id}", 1, null, T0.plus(Duration.ofHours(2)))))
                .isEmpty();
        assertThat(detection.feed(call("vendor-new", "GET /refunds/{id}", 1, null,
                T0.plus(Duration.ofHours(2)).plusSeconds(60)))).isEmpty();
    }

    @Test
    void memoryPerEntityIsBoundedLeastRecentlyUsedForgottenFirst() {
        OfflineDetection detection = newEndpoint(2);
        detection.feedAll(List.of(
                call("vendor-acme", "A", 1, null, T0),
                call("vendor-acme", "B", 1, null, T0.plusSeconds(1)),
                call("vendor-acme", "C", 1, null, T0.plusSeconds(2)))); // A forgotten

        assertThat(detection.feed(call("vendor-acme", "C", 1, null, T0.plus(Duration.ofHours(2))))).isEmpty();
        assertThat(detection.feed(call("vendor-acme", "A", 1, null, T0.plus(Duration.ofHours(3))))).hasSize(1);
    }
}
