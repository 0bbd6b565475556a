package io.breachwatch.detector.simulate;

import java.time.Duration;

/**
 * A patient guesser who gets in: six failures against one real account, 25–35 s apart (never 8 within 2 minutes,
 * so no brute-force alert), then a success 40–120 s after the last failure, all within five minutes.
 */
final class SuccessAfterFailuresAttack implements TrafficModel {
    static final String SOURCE = "192.0.2.45";
    static final int FAILURES = 6;
    static final Duration DURATION = Duration.ofMinutes(5);

    private final long start;
    private final String victim;
    private final Rng rng;
    private final EventIds ids;
    private long last;
    private int sent;

    SuccessAfterFailuresAttack(long start, String victim, Rng rng, EventIds ids) {
        this.start = start;
        this.victim = victim;
        this.rng = rng;
        this.ids = ids;
    }

    @Override
    public SimulatedEvent next() {
        if (sent > FAILURES) {
            return null;
        }
        if (sent == FAILURES) {
            sent++;
            return Logins.success(ids, last + rng.between(40_000, 120_000), victim, SOURCE, "web", "idp-1");
        }
        last = sent == 0 ? start : last + rng.between(25_000, 35_000);
        sent++;
        return Logins.failure(ids, last, victim, SOURCE, "bad_password", "web", "idp-1");
    }
}
