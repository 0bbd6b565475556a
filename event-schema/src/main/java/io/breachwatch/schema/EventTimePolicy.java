package io.breachwatch.schema;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Decides whether an event time is plausible. A record stamped far in the future would advance stream time and
 * make every real event after it "late" (an evasion: one forged record silences the detector); a record stamped
 * far in the past is usually a broken producer clock. Both are dead-lettered instead of being processed.
 *
 * <p>The reference is a clock: the wall clock for live processing. Forensic replay of old logs disables the past
 * bound ({@code maxAge} null) because old events are its purpose. An event time before 1970 is always implausible:
 * a Kafka record timestamp cannot be negative, so such an event could be neither windowed nor forwarded.
 *
 * @param maxFutureSkew how far ahead of the clock an event may be (producer clock skew)
 * @param maxAge        how far behind the clock an event may be; null for no bound
 * @param clock         the reference clock
 */
public record EventTimePolicy(Duration maxFutureSkew, Duration maxAge, Clock clock) {

    /**
     * Well below the detection grace (15 minutes): an event accepted at the edge of this bound moves its entity's
     * newest event time ahead by as much, and the events that follow must then be within grace of it. With 5 minutes
     * of skew, a real event that reaches the detector up to 10 minutes after its timestamp is still evaluated,
     * whatever timestamp an attacker forged for the same entity; at 15 minutes that margin would be zero.
     */
    public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofMinutes(5);
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(7);

    public EventTimePolicy {
        Objects.requireNonNull(maxFutureSkew, "maxFutureSkew");
        Objects.requireNonNull(clock, "clock");
        if (maxFutureSkew.isNegative() || (maxAge != null && maxAge.isNegative())) {
            throw new IllegalArgumentException("maxFutureSkew and maxAge must not be negative");
        }
    }

    public static EventTimePolicy live() {
        return new EventTimePolicy(DEFAULT_MAX_FUTURE_SKEW, DEFAULT_MAX_AGE, Clock.systemUTC());
    }

    /** @return null when plausible, otherwise a {@link DeadLetterReason} code */
    public String check(Instant eventTime) {
        Instant now = clock.instant();
        // Duration.between cannot overflow for any two Instants; now.plus(a huge configured duration) could.
        if (Duration.between(now, eventTime).compareTo(maxFutureSkew) > 0) {
            return DeadLetterReason.TIMESTAMP_FUTURE;
        }
        if (eventTime.isBefore(Instant.EPOCH)
                || (maxAge != null && Duration.between(eventTime, now).compareTo(maxAge) > 0)) {
            return DeadLetterReason.TIMESTAMP_PAST;
        }
        return null;
    }

    public String explain(String reason, Instant eventTime) {
        Instant now = clock.instant();
        if (DeadLetterReason.TIMESTAMP_FUTURE.equals(reason)) {
            return "timestamp " + eventTime + " is more than " + maxFutureSkew + " ahead of " + now;
        }
        if (maxAge == null || Duration.between(eventTime, now).compareTo(maxAge) <= 0) {
            return "timestamp " + eventTime + " is before 1970-01-01T00:00:00Z, which Kafka cannot represent";
        }
        return "timestamp " + eventTime + " is more than " + maxAge + " behind " + now;
    }
}
