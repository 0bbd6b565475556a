package io.breachwatch.detector.simulate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Releases events in real time: {@link #awaitDue} returns once the clock has reached the event's time. With a
 * simulation started at the clock's now, every event is sent at (within a few milliseconds of) its own timestamp.
 * When the sender falls behind, events go out late and as fast as possible until it catches up; {@link #lag}
 * says by how much.
 */
public final class RealTimePacer {

    /** Sleeping, injectable so that tests run on a fake clock. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** Never sleeps longer than this at once, so that a stop request is noticed promptly. */
    static final Duration MAX_NAP = Duration.ofMillis(200);

    private final Clock clock;
    private final Sleeper sleeper;
    private Duration lag = Duration.ZERO;

    public RealTimePacer(Clock clock, Sleeper sleeper) {
        this.clock = clock;
        this.sleeper = sleeper;
    }

    public static RealTimePacer system() {
        return new RealTimePacer(Clock.systemUTC(), d -> Thread.sleep(Math.max(1, d.toMillis())));
    }

    public Clock clock() {
        return clock;
    }

    /** Blocks until the clock reaches {@code eventTime}. */
    public void awaitDue(Instant eventTime) throws InterruptedException {
        Instant now = clock.instant();
        while (now.isBefore(eventTime)) {
            Duration wait = Duration.between(now, eventTime);
            sleeper.sleep(wait.compareTo(MAX_NAP) > 0 ? MAX_NAP : wait);
            now = clock.instant();
        }
        lag = Duration.between(eventTime, now);
    }

    /** How late the last released event was. */
    public Duration lag() {
        return lag;
    }
}
