package io.breachwatch.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Event times within [now - 7 d, now + 15 min] are plausible; the rest are dead-lettered, never windowed. */
class EventTimePolicyTest {
    private static final Instant NOW = Instant.parse("2026-03-14T09:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private final EventTimePolicy live = new EventTimePolicy(Duration.ofMinutes(15), Duration.ofDays(7), CLOCK);
    private final EventTimePolicy replay = new EventTimePolicy(Duration.ofMinutes(15), null, CLOCK);

    @Test
    void eventUpToTheSkewAheadIsPlausibleAndOneMillisecondMoreIsFuture() {
        assertThat(live.check(NOW)).isNull();
        assertThat(live.check(NOW.plus(Duration.ofMinutes(15)))).isNull();
        assertThat(live.check(NOW.plus(Duration.ofMinutes(15)).plusMillis(1)))
                .isEqualTo(DeadLetterReason.TIMESTAMP_FUTURE);
    }

    @Test
    void eventUpToMaxAgeBehindIsPlausibleAndOneMillisecondMoreIsPast() {
        assertThat(live.check(NOW.minus(Duration.ofDays(7)))).isNull();
        assertThat(live.check(NOW.minus(Duration.ofDays(7)).minusMillis(1))).isEqualTo(DeadLetterReason.TIMESTAMP_PAST);
    }

    @Test
    void replayWithoutMaxAgeAcceptsOldEventsButNotFutureOnes() {
        assertThat(replay.check(Instant.parse("2019-05-01T00:00:00Z"))).isNull();
        assertThat(replay.check(NOW.plus(Duration.ofHours(1)))).isEqualTo(DeadLetterReason.TIMESTAMP_FUTURE);
    }

    @Test
    void eventBefore1970IsPastEvenWithoutMaxAgeBecauseKafkaCannotTimestampIt() {
        Instant beforeEpoch = Instant.parse("1969-12-31T23:59:59.999Z");

        assertThat(replay.check(beforeEpoch)).isEqualTo(DeadLetterReason.TIMESTAMP_PAST);
        assertThat(replay.explain(DeadLetterReason.TIMESTAMP_PAST, beforeEpoch)).contains("before 1970");
        assertThat(replay.check(Instant.EPOCH)).isNull();
    }

    @Test
    void extremeTimesAndDurationsDoNotOverflow() {
        // Given the widest event times the schema admits, and a configured "forever"
        EventTimePolicy forever = new EventTimePolicy(Duration.ofSeconds(Long.MAX_VALUE), Duration.ofSeconds(
                Long.MAX_VALUE), CLOCK);
        Instant earliest = io.breachwatch.schema.json.Rfc3339.MIN;
        Instant latest = io.breachwatch.schema.json.Rfc3339.MAX;

        // When / Then
        assertThat(live.check(latest)).isEqualTo(DeadLetterReason.TIMESTAMP_FUTURE);
        assertThat(live.check(earliest)).isEqualTo(DeadLetterReason.TIMESTAMP_PAST);
        assertThat(forever.check(latest)).isNull();
        assertThat(forever.check(earliest)).isEqualTo(DeadLetterReason.TIMESTAMP_PAST);
    }

    @Test
    void explanationNamesTheBoundAndTheClock() {
        assertThat(live.explain(DeadLetterReason.TIMESTAMP_FUTURE, NOW.plus(Duration.ofDays(1))))
                .isEqualTo("timestamp 2026-03-15T09:00:00Z is more than PT15M ahead of 2026-03-14T09:00:00Z");
        assertThat(live.explain(DeadLetterReason.TIMESTAMP_PAST, NOW.minus(Duration.ofDays(30))))
                .isEqualTo("timestamp 2026-02-12T09:00:00Z is more than PT168H behind 2026-03-14T09:00:00Z");
    }

    @Test
    void invalidPolicyIsRefusedAtConstruction() {
        assertThatThrownBy(() -> new EventTimePolicy(Duration.ofMinutes(-1), null, CLOCK))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EventTimePolicy(Duration.ofMinutes(1), Duration.ofDays(-1), CLOCK))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EventTimePolicy(null, null, CLOCK)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new EventTimePolicy(Duration.ZERO, null, null))
                .isInstanceOf(NullPointerException.class);
    }
}
