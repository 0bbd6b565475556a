package io.breachwatch.schema;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Decides whether an event time is plausible. A record stamped far in the future would advance stream time and
 * make every real event after it "late" (an evasion: one forged record silences the detector); a record stamped
 * far in the past is usually a broken producer clock. Both are dead-lettered instead of being processed.
 *
 * <p>The reference is a clock: the wall clock for live processing. Forensic replay of old logs disables the past
 * bound ({@code maxAge} null) because old events are its purpose.
 *
 * @param maxFutureSkew how far ahead of the clock an event may be (producer clock skew)
 * @param maxAge        how far behind the clock an event may be; null for no bound
 * @param clock         the reference clock
 */
public record EventTimePolicy(Duration maxFutureSkew, Duration maxAge, Clock clock) {

    public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofMinutes(15);
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(7);

    public static EventTimePolicy live() {
        return new EventTimePolicy(DEFAULT_MAX_FUTURE_SKEW, DEFAULT_MAX_AGE, Clock.systemUTC());
    }

    /** @return null when plausible, otherwise a {@link DeadLetterReason} code */
    public String check(Instant eventTime) {
        Instant now = clock.instant();
        if (eventTime.isAfter(now.plus(maxFutureSkew))) {
            return DeadLetterReason.TIMESTAMP_FUTURE;
        }
        if (maxAge != null && eventTime.isBefore(now.minus(maxAge))) {
            return DeadLetterReason.TIMESTAMP_PAST;
        }
        return null;
    }

    public String explain(String reason, Instant eventTime) {
        Instant now = clock.instant();
        return DeadLetterReason.TIMESTAMP_FUTURE.equals(reason)
                ? "timestamp " + eventTime + " is more than " + maxFutureSkew + " ahead of " + now
                : "timestamp " + eventTime + " is more than " + maxAge + " behind " + now;
    }
}
