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

    private final long start;
    private final Rng rng;
    private final EventIds ids;
    private final List<String> attempts = new ArrayList<>();
    private final double slotMillis;
    private int next;

    PasswordSprayAttack(long start, Population population, Rng rng, EventIds ids) {
        this.start = start;
        this.rng = rng;
        this.ids = ids;
        List<String> accounts = new ArrayList<>(GENERIC_ACCOUNTS);
        while (accounts.size() < GENERIC_ACCOUNTS.size() + Math.min(REAL_ACCOUNTS, population.users().size() / 2)) {
            String name = population.pickUser(rng).name();
            if (!accounts.contains(name)) {
                accounts.add(name);
            }
        }
        rng.shuffle(accounts);
        // Round one: every account with the first password; round two: about half of them with a second one.
        attempts.addAll(accounts);
        for (String account : accounts) {
            if (rng.chance(0.5)) {
                attempts.add(account);
            }
        }
        this.slotMillis = (double) DURATION.toMillis() / attempts.size();
    }

    @Override
    public SimulatedEvent next() {
        if (next >= attempts.size()) {
            return null;
        }
        long t = start + (long) (next * slotMillis + rng.uniform(0, slotMillis * 0.8));
        String account = attempts.get(next++);
        String reason = GENERIC_ACCOUNTS.contains(account) ? "invalid_user" : "bad_password";
        return Logins.failure(ids, t, account, SOURCE, reason, "web", "idp-1");
    }
}
