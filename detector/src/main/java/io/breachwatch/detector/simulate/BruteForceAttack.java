package io.breachwatch.detector.simulate;

import java.time.Duration;

/**
 * One external address guessing passwords for root and a few other administrative accounts over SSH: 60 failures
 * in 90 seconds (one every 1.5 s on average), well over 8 in any 2 minutes and 10 against root in any 5.
 */
final class BruteForceAttack implements TrafficModel {
    static final String SOURCE = "203.0.113.66";
    static final int ATTEMPTS = 60;
    static final Duration DURATION = Duration.ofSeconds(90);
    private static final long SLOT_MILLIS = DURATION.toMillis() / ATTEMPTS;

    private final long start;
    private final Rng rng;
    private final EventIds ids;
    private int attempt;

    BruteForceAttack(long start, Rng rng, EventIds ids) {
        this.start = start;
        this.rng = rng;
        this.ids = ids;
    }

    @Override
    public SimulatedEvent next() {
        if (attempt >= ATTEMPTS) {
            return null;
        }
        // Within its slot, so times never go backwards and the last attempt is inside DURATION.
        long t = start + attempt * SLOT_MILLIS + (long) rng.uniform(0, SLOT_MILLIS * 0.8);
        attempt++;
        double u = rng.uniform();
        String user = u < 0.75 ? "root" : u < 0.9 ? "admin" : rng.pick(java.util.List.of("administrator", "ubuntu",
                "test", "oracle"));
        String reason = user.equals("root") ? "bad_password" : "invalid_user";
        return Logins.failure(ids, t, user, SOURCE, reason, "sshd", "bastion-1");
    }
}
