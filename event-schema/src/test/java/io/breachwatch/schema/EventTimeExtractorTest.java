package io.breachwatch.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/**
 * Plausible events carry their payload time; everything else keeps the partition's stream time (or the record
 * timestamp before the first event), so that it reaches the dead-letter branch without moving stream time, and is
 * never given a negative timestamp (Kafka Streams would drop it silently).
 */
class EventTimeExtractorTest {
    private static final Instant NOW = Instant.parse("2026-03-14T09:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final long PARTITION_TIME = NOW.minusSeconds(60).toEpochMilli();
    private static final long RECORD_TIME = NOW.minusSeconds(5).toEpochMilli();
    private static final long NO_PARTITION_TIME = -1L;

    private final EventTimeExtractor live = new EventTimeExtractor(
            new EventTimePolicy(Duration.ofMinutes(15), Duration.ofDays(7), CLOCK));
    private final EventTimeExtractor replay = new EventTimeExtractor(
            new EventTimePolicy(Duration.ofMinutes(15), null, CLOCK));

    @Test
    void validEventGetsItsPayloadTime() {
        Instant eventTime = NOW.minusSeconds(30);

        assertThat(live.extract(record(valid(eventTime), RECORD_TIME), PARTITION_TIME))
                .isEqualTo(eventTime.toEpochMilli());
    }

    @Test
    void rejectedRecordGetsPartitionTime() {
        assertThat(live.extract(record(rejected(), RECORD_TIME), PARTITION_TIME)).isEqualTo(PARTITION_TIME);
    }

    @Test
    void rejectedRecordBeforeAnyEventGetsItsRecordTimestamp() {
        assertThat(live.extract(record(rejected(), RECORD_TIME), NO_PARTITION_TIME)).isEqualTo(RECORD_TIME);
    }

    @Test
    void rejectedRecordWithoutAnyTimestampGetsZeroNotANegativeTime() {
        assertThat(live.extract(record(rejected(), -1L), NO_PARTITION_TIME)).isZero();
    }

    @Test
    void implausibleEventDoesNotMoveStreamTime() {
        assertThat(live.extract(record(valid(NOW.plus(Duration.ofDays(365))), RECORD_TIME), PARTITION_TIME))
                .isEqualTo(PARTITION_TIME);
        assertThat(live.extract(record(valid(NOW.minus(Duration.ofDays(30))), RECORD_TIME), PARTITION_TIME))
                .isEqualTo(PARTITION_TIME);
    }

    @Test
    void replayAcceptsOldEventsButNeverGivesANegativeTimestamp() {
        // Given a replay policy (no past bound): 2019 is fine, 1969 cannot be a Kafka timestamp
        Instant old = Instant.parse("2019-05-01T00:00:00Z");
        Instant beforeEpoch = Instant.parse("1969-12-31T23:59:00Z");

        // When / Then
        assertThat(replay.extract(record(valid(old), RECORD_TIME), PARTITION_TIME)).isEqualTo(old.toEpochMilli());
        assertThat(replay.extract(record(valid(beforeEpoch), RECORD_TIME), PARTITION_TIME)).isEqualTo(PARTITION_TIME);
        assertThat(replay.extract(record(valid(beforeEpoch), -1L), NO_PARTITION_TIME)).isZero();
    }

    @Test
    void nullValueGetsPartitionTime() {
        assertThat(live.extract(record(null, RECORD_TIME), PARTITION_TIME)).isEqualTo(PARTITION_TIME);
    }

    private static Decoded<AuthEvent> valid(Instant eventTime) {
        return new Decoded.Valid<>(new AuthEvent("e1", eventTime, "root", "203.0.113.7", AuthOutcome.FAILURE, null,
                null, null, null));
    }

    private static Decoded<AuthEvent> rejected() {
        return new Decoded.Rejected<>(DeadLetterReason.MALFORMED_JSON, null, "document is empty", new byte[0]);
    }

    private static ConsumerRecord<Object, Object> record(Object value, long timestamp) {
        return new ConsumerRecord<>("breachwatch.events.auth", 0, 42L, timestamp, TimestampType.CREATE_TIME, 0, 0,
                null, value, new RecordHeaders(), Optional.empty());
    }
}
