package io.breachwatch.detector.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The token bucket and the retry backoff on explicit clocks and seeded randomness. */
class RateAndRetryTest {
    private static final Instant T0 = Instant.parse("2024-03-12T03:00:00Z");

    @Test
    void theBucketAllowsItsBurstThenRefillsAtItsRate() {
        TokenBucket bucket = new TokenBucket(new RateLimit(6, 3), T0);
        assertThat(bucket.tryTake(T0)).isTrue();
        assertThat(bucket.tryTake(T0)).isTrue();
        assertThat(bucket.tryTake(T0)).isTrue();
        assertThat(bucket.tryTake(T0)).isFalse();
        // 6 a minute: one every 10 s
        assertThat(bucket.untilAvailable(T0)).isEqualTo(Duration.ofSeconds(10));
        assertThat(bucket.tryTake(T0.plusMillis(9_999))).isFalse();
        assertThat(bucket.tryTake(T0.plusSeconds(10))).isTrue();
        // Idle for an hour: never more than the burst
        Instant later = T0.plusSeconds(3600);
        int taken = 0;
        while (bucket.tryTake(later)) {
            taken++;
        }
        assertThat(taken).isEqualTo(3);
    }

    @Test
    void backoffDoublesWithJitterUpToItsMaximum() {
        RetryPolicy policy = new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofSeconds(30),
                Duration.ofMinutes(5));
        Random random = new Random(7);
        long[] steps = {100, 200, 400, 800, 1600, 2000, 2000};
        for (int attempt = 1; attempt <= steps.length; attempt++) {
            for (int i = 0; i < 50; i++) {
                long delay = policy.delay(attempt, null, random).toMillis();
                assertThat(delay).as("attempt %d", attempt).isBetween(steps[attempt - 1] / 2, steps[attempt - 1]);
            }
        }
        assertThat(policy.delay(500, null, random).toMillis()).isBetween(1000L, 2000L);
    }

    @Test
    void retryAfterIsHonouredUpToItsCap() {
        RetryPolicy policy = new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofSeconds(30),
                Duration.ofMinutes(5));
        Random random = new Random(7);
        assertThat(policy.delay(1, Duration.ofSeconds(7), random)).isEqualTo(Duration.ofSeconds(7));
        assertThat(policy.delay(1, Duration.ofHours(1), random)).isEqualTo(Duration.ofSeconds(30));
        assertThat(policy.delay(1, Duration.ZERO, random).toMillis()).isBetween(50L, 100L);
    }
}
