package io.breachwatch.detector.page;

import java.time.Duration;
import java.util.Random;

/**
 * How a page that could not be delivered (5xx, 429, timeout, connection error) is retried: exponential backoff from
 * {@code initialBackoff} doubling up to {@code maxBackoff}, with "equal jitter" (a random half of each step) so that
 * several bridges do not retry in lockstep; a {@code Retry-After} from the receiver is honoured up to
 * {@code maxRetryAfter}. A page still failing after {@code overdueAfter} is reported (log and metric) and retried on
 * at {@code maxBackoff}: it is never dropped.
 */
public record RetryPolicy(Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter, Duration overdueAfter) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(1),
            Duration.ofMinutes(5), Duration.ofMinutes(5));

    /**
     * The wait before retry number {@code attempt} (1 for the first retry).
     *
     * @param retryAfter what the receiver asked for, or null
     */
    public Duration delay(int attempt, Duration retryAfter, Random random) {
        long initial = initialBackoff.toMillis();
        long max = maxBackoff.toMillis();
        int doublings = Math.min(Math.max(attempt - 1, 0), 30);
        long step = Math.min(max, initial << doublings);
        long half = step / 2;
        long backoff = half + (half == 0 ? 0 : (long) (random.nextDouble() * (step - half + 1)));
        long wanted = retryAfter == null ? 0 : Math.min(retryAfter.toMillis(), maxRetryAfter.toMillis());
        return Duration.ofMillis(Math.max(Math.min(backoff, step), wanted));
    }
}
