package io.breachwatch.detector.simulate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One address trying one or two common passwords against 40 accounts (28 real ones and 12 generic names) in four
 * minutes: about 60 failures, no account more than twice. Meets ≥10 accounts and ≥20 failures within 5 minutes
 * with no account holding more than a few percent of them; at that pace it is also a brute force by source
 * (20 failures in 5 minutes always hold 8 within some 2 minutes) and, with every account tried at most twice,
 * looks like credential stuffing too.
 */
final class PasswordSprayAttack implements TrafficModel {
    static final String SOURCE = "198.51.100.77";
    static final Duration DURATION = Duration.ofMinutes(4);
    static final int REAL_ACCOUNTS = 28;
    static final List<String> GENERIC_ACCOUNTS = List.of("admin", "support", "info", "sales", "test", "billing",
            "office", "hr", "it", "marketing", "helpdesk", "service");

    private final Rng rng;
    private final EventIds ids;
    private final List<String> attempts = new ArrayList<>();
    private final EvenSpread spread;
    private int next;

    PasswordSprayAttack(long start, Population population, Rng rng, EventIds ids) {
        this.rng = rng;
        this.ids = ids;
        List<String> accounts = new ArrayList<>(GENERIC_ACCOUNTS);
        // User names are first.last, never one of the generic names, so the two lists cannot overlap.
        accounts.addAll(population.pickDistinctUserNames(rng, REAL_ACCOUNTS));
        rng.shuffle(accounts);
        // Round one: every account with the first password; round two: about half of them with a second one.
        attempts.addAll(accounts);
        for (String account : accounts) {
            if (rng.chance(0.5)) {
                attempts.add(account);
            }
        }
        this.spread = EvenSpread.over(start, DURATION, attempts.size());
    }

    @Override
    public SimulatedEvent next() {
        if (next >= attempts.size()) {
            return null;
        }
        long t = spread.time(next, rng);
        String account = attempts.get(next++);
        String reason = GENERIC_ACCOUNTS.contains(account) ? "invalid_user" : "bad_password";
        return Logins.failure(ids, t, account, SOURCE, reason, "web", "idp-1");
    }
}
