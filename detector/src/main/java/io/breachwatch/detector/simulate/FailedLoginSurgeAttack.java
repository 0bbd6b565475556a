package io.breachwatch.detector.simulate;

import java.util.List;
import java.util.Locale;

/**
 * A platform-wide wave of failed logins from a botnet: failures at {@code failuresPerSecond} (several times the
 * normal failure rate) against many accounts, 80 % real and 20 % unknown here. The addresses take turns, so each
 * fails about twice in 2 minutes (about ten accounts in 10 minutes): no single source meets a per-source rule,
 * only the platform-wide failure rate shows the attack.
 */
final class FailedLoginSurgeAttack implements TrafficModel {
    /** Failures per source in 2 minutes, on average (the turn-taking keeps every source near it). */
    static final double PER_SOURCE_PER_TWO_MINUTES = 2;

    private final Population population;
    private final long end;
    private final double meanGapMillis;
    private final int sources;
    private final int offset;
    private final Rng rng;
    private final EventIds ids;
    private double t;
    private long attempt;

    FailedLoginSurgeAttack(Population population, long start, long end, double failuresPerSecond, Rng rng,
                           EventIds ids) {
        this.population = population;
        this.end = end;
        this.meanGapMillis = 1000.0 / failuresPerSecond;
        this.sources = sourcesFor(failuresPerSecond);
        this.offset = rng.nextInt(Addresses.BOTNET_SIZE);
        this.rng = rng;
        this.ids = ids;
        this.t = start;
    }

    static int sourcesFor(double failuresPerSecond) {
        return (int) Math.min(Addresses.BOTNET_SIZE,
                Math.max(40, Math.ceil(failuresPerSecond * 120 / PER_SOURCE_PER_TWO_MINUTES)));
    }

    /** The i-th botnet address: an odd multiplier permutes the /15, so addresses look scattered, never repeat. */
    String source(long i) {
        int index = (int) (((i % sources) * 40_503L + offset) & (Addresses.BOTNET_SIZE - 1));
        return Addresses.format(Addresses.BOTNET_BASE + index);
    }

    int sources() {
        return sources;
    }

    @Override
    public SimulatedEvent next() {
        long time = (long) t;
        if (time >= end) {
            return null;
        }
        t += rng.exponential(meanGapMillis);
        String source = source(attempt++);
        if (rng.chance(0.8)) {
            return Logins.failure(ids, time, population.users().get(rng.nextInt(population.users().size())).name(),
                    source, "bad_password", "web", rng.pick(List.of("idp-1", "idp-2")));
        }
        String unknown = String.format(Locale.ROOT, "%s%d", rng.pick(List.of("admin", "user", "test", "guest",
                "shop", "info")), rng.between(1, 9999));
        return Logins.failure(ids, time, unknown, source, "invalid_user", "web", rng.pick(List.of("idp-1", "idp-2")));
    }
}
