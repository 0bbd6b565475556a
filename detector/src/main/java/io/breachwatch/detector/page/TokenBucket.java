package io.breachwatch.detector.page;

import java.time.Duration;
import java.time.Instant;

/**
 * A token bucket on an explicit clock: holds up to {@code burst} tokens, refilled continuously at
 * {@code perMinute}. One token is one page.
 */
final class TokenBucket {
    private final double capacity;
    private final double perMilli;
    private double tokens;
    private Instant refilledAt;

    TokenBucket(RateLimit limit, Instant now) {
        this.capacity = limit.burst();
        this.perMilli = limit.pagesPerMinute() / 60_000.0;
        this.tokens = capacity;
        this.refilledAt = now;
    }

    /** Takes a token if there is one. */
    boolean tryTake(Instant now) {
        refill(now);
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** How long until a token is available (zero if one is). */
    Duration untilAvailable(Instant now) {
        refill(now);
        return tokens >= 1 ? Duration.ZERO : Duration.ofMillis((long) Math.ceil((1 - tokens) / perMilli));
    }

    private void refill(Instant now) {
        if (now.isAfter(refilledAt)) {
            tokens = Math.min(capacity, tokens + Duration.between(refilledAt, now).toMillis() * perMilli);
            refilledAt = now;
        }
    }
}
