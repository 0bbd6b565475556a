package io.breachwatch.detector.topology;

import static io.breachwatch.detector.detections.Logins.failure;
import static io.breachwatch.detector.detections.Logins.failures;
import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.schema.DeadLetterReason;
import io.breachwatch.schema.EventType;
import org.junit.jupiter.api.Test;

/** What the topology reports besides alerts: late records per rule group, and the entities each store holds. */
class TopologyMetricsTest {

    @Test
    void aLateEventIsCountedOncePerRuleGroupThatCouldNotEvaluateIt() {
        try (TopologyHarness bw = new TopologyHarness()) {
            // Given one event, then one 20 minutes older for the same source and user (grace: 15 minutes)
            bw.send(failure("203.0.113.7", "root", "11:00:00"));
            bw.send(failure("203.0.113.7", "root", "10:40:00"));

            // Then each group whose entity saw the 11:00 event (by source, by user, platform-wide) reports it
            // late, and dead-letters it once
            assertThat(bw.metrics.lateRecords(EventType.AUTH, "auth-by-source-ip")).isEqualTo(1);
            assertThat(bw.metrics.lateRecords(EventType.AUTH, "auth-by-user")).isEqualTo(1);
            assertThat(bw.metrics.lateRecords(EventType.AUTH, "auth-by-platform")).isEqualTo(1);
            assertThat(bw.metrics.deadLetters(EventType.AUTH, DeadLetterReason.LATE)).isEqualTo(3);
            assertThat(bw.metrics.lateRecords(EventType.API, "api-by-client-id")).isZero();
        }
    }

    @Test
    void storeEntriesCountEntitiesNotUpdates() {
        try (TopologyHarness bw = new TopologyHarness()) {
            // Given nothing yet: every store is reported, empty
            assertThat(bw.metrics.storeEntries("auth-by-source-ip-state")).isZero();
            assertThat(bw.metrics.storeEntries("incident-correlation-state")).isZero();

            // When three sources fail against two accounts, one source 8 times (a brute force: one alert)
            bw.send(failures("203.0.113.7", "root", "10:00:00", 8, 5));
            bw.send(failure("198.51.100.1", "root", "10:01:00"));
            bw.send(failure("198.51.100.2", "alice", "10:01:00"));
            bw.driver.advanceWallClockTime(StoreEntries.INTERVAL);

            // Then each store holds one entry per entity, however many events updated it
            assertThat(bw.metrics.storeEntries("auth-by-source-ip-state")).isEqualTo(3);
            assertThat(bw.metrics.storeEntries("auth-by-user-state")).isEqualTo(2);
            assertThat(bw.metrics.storeEntries("auth-by-platform-state")).isEqualTo(1);
            assertThat(bw.metrics.storeEntries("incident-correlation-state")).isEqualTo(1);
            assertThat(bw.metrics.storeEntries("api-by-client-id-state")).isZero();
        }
    }
}
