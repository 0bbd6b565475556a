package io.breachwatch.detector.topology;

import static io.breachwatch.detector.detections.Logins.failure;
import static io.breachwatch.detector.detections.Logins.failures;
import static io.breachwatch.detector.detections.Logins.later;
import static io.breachwatch.detector.detections.Logins.spray;
import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.schema.Alert;
import io.breachwatch.schema.DeadLetter;
import io.breachwatch.schema.DeadLetterReason;
import io.breachwatch.schema.EventType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;

/** The login detections through the real topology: alerts out, bad records to dead letters, nothing lost. */
class AuthDetectionTopologyTest {

    @Test
    void bruteForceAndSprayReachTheAlertTopicKeyedByEntity() {
        try (TopologyHarness bw = new TopologyHarness()) {
            // Given a brute force from one source and a spray from another, interleaved with a normal login
            bw.send(failures("203.0.113.7", "root", "10:00:00", 8, 5));
            bw.send(spray("192.0.2.50", "10:00:00", 12, 1, 1));

            List<KeyValue<String, Alert>> alerts = bw.alerts.readKeyValuesToList();

            assertThat(alerts).extracting(kv -> kv.key, kv -> kv.value.ruleId()).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("source_ip=203.0.113.7", "auth.brute_force.source"),
                    org.assertj.core.groups.Tuple.tuple("source_ip=192.0.2.50", "auth.brute_force.source"));
            assertThat(bw.metrics.eventsRead(EventType.AUTH)).isEqualTo(20);
            assertThat(bw.metrics.alertsRaised("auth.brute_force.source")).isEqualTo(2);
        }
    }

    @Test
    void malformedOversizedAndFutureRecordsAreDeadLetteredAndDoNotHideTheBruteForceThatFollows() {
        try (TopologyHarness bw = new TopologyHarness()) {
            // Given three bad records: not JSON, 100 kB, stamped a day after the (fixed) wall clock
            bw.sendRaw("{\"event_id\": \"x1\", \"timestamp\": ".getBytes(StandardCharsets.UTF_8));
            bw.sendRaw(("{\"pad\":\"" + "A".repeat(100_000) + "\"}").getBytes(StandardCharsets.UTF_8));
            bw.send(later(failure("203.0.113.7", "root", "12:00:00"), 1));
            // When a real brute force follows
            bw.send(failures("203.0.113.7", "root", "10:00:00", 8, 5));

            // Then each bad record is a dead letter with its reason and source position
            List<DeadLetter> dead = bw.deadLetters.readValuesToList();
            assertThat(dead).extracting(DeadLetter::reason).containsExactly(
                    DeadLetterReason.MALFORMED_JSON, DeadLetterReason.TOO_LARGE, DeadLetterReason.TIMESTAMP_FUTURE);
            assertThat(dead).extracting(DeadLetter::sourceTopic).containsOnly("breachwatch.events.auth");
            assertThat(dead).extracting(DeadLetter::sourceOffset).containsExactly(0L, 1L, 2L);
            assertThat(dead.get(1).payloadSize()).isGreaterThan(100_000);
            assertThat(dead.get(2).field()).isEqualTo("timestamp");
            // And they are counted
            assertThat(bw.metrics.deadLetters(EventType.AUTH, DeadLetterReason.MALFORMED_JSON)).isEqualTo(1);
            assertThat(bw.metrics.deadLetters(EventType.AUTH, DeadLetterReason.TOO_LARGE)).isEqualTo(1);
            assertThat(bw.metrics.deadLetters(EventType.AUTH, DeadLetterReason.TIMESTAMP_FUTURE)).isEqualTo(1);
            // And the brute force that follows is still detected: the future record moved no clock
            assertThat(bw.alerts.readValuesToList()).extracting(Alert::ruleId)
                    .containsExactly("auth.brute_force.source");
        }
    }

    @Test
    void invalidFieldsAreNamedInTheDeadLetter() {
        try (TopologyHarness bw = new TopologyHarness()) {
            bw.sendRaw(("{\"event_id\":\"e1\",\"timestamp\":\"2026-03-14T10:00:00Z\",\"user\":\"root\","
                    + "\"outcome\":\"failure\"}").getBytes(StandardCharsets.UTF_8));

            DeadLetter dead = bw.deadLetters.readValue();
            assertThat(dead.reason()).isEqualTo(DeadLetterReason.INVALID_FIELD);
            assertThat(dead.field()).isEqualTo("source_ip");
            assertThat(dead.detail()).contains("source_ip").contains("required");
            assertThat(bw.alerts.isEmpty()).isTrue();
        }
    }

    @Test
    void anEventBeyondGraceIsDeadLetteredAsLate() {
        try (TopologyHarness bw = new TopologyHarness()) {
            bw.send(failure("203.0.113.7", "root", "11:00:00"));
            // 20 minutes older than the newest event of the same source; grace is 15 minutes
            bw.send(failure("203.0.113.7", "root", "10:40:00"));

            // Then each rule group that keeps state for that source or user reports it late, naming itself
            List<DeadLetter> dead = bw.deadLetters.readValuesToList();
            assertThat(dead).extracting(DeadLetter::reason).containsOnly(DeadLetterReason.LATE);
            assertThat(dead).extracting(DeadLetter::sourceTopic).contains(
                    "breachwatch-auth-by-source-ip-repartition", "breachwatch-auth-by-user-repartition");
            assertThat(bw.metrics.deadLetters(EventType.AUTH, DeadLetterReason.LATE)).isEqualTo(dead.size());
        }
    }

    @Test
    void alertsAndDeadLettersArePublishedStampedWithTheWallClockNotTheEventTime() {
        try (TopologyHarness bw = new TopologyHarness()) {
            // Given a brute force two hours before "now" (a backlog, or a replay), and one event beyond grace
            bw.send(failures("203.0.113.7", "root", "10:00:00", 8, 5));
            bw.send(failure("203.0.113.7", "root", "09:30:00"));

            // Then the output records carry the publication time: a broker's time-based retention must not delete
            // an alert about old events before anyone reads it
            assertThat(bw.alerts.readRecordsToList()).singleElement().satisfies(alert -> {
                assertThat(alert.getRecordTime()).isEqualTo(TopologyHarness.NOON.instant());
                assertThat(alert.getValue().detectedAt()).isBefore(TopologyHarness.NOON.instant());
            });
            assertThat(bw.deadLetters.readRecordsToList()).isNotEmpty()
                    .allSatisfy(dead -> assertThat(dead.getRecordTime()).isEqualTo(TopologyHarness.NOON.instant()));
        }
    }
}
