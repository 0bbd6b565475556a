package io.breachwatch.detector.simulate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Leaked credentials replayed from four addresses over fifteen minutes: 100 distinct accounts (75 real, 25 unknown
 * here), one try each or two (a second leaked password), and four real accounts whose leaked password still works.
 * Any 10 minutes hold about 65 accounts (the rule wants 15), while each address fails only about 10 times in 5
 * minutes, below the spray and (nearly always) the brute-force pace; an address that succeeds after five failures
 * is also a success-after-failures.
 */
final class CredentialStuffingAttack implements TrafficModel {
    static final List<String> SOURCES = List.of("203.0.113.10", "203.0.113.11", "203.0.113.12", "203.0.113.13");
    static final Duration DURATION = Duration.ofMinutes(15);
    static final int REAL_ACCOUNTS = 75;
    static final int UNKNOWN_ACCOUNTS = 25;
    static final int SUCCESSES = 4;

    private record Attempt(String account, String source, boolean success, boolean known) {
    }

    private final Rng rng;
    private final EventIds ids;
    private final List<Attempt> attempts = new ArrayList<>();
    private final EvenSpread spread;
    private int next;

    CredentialStuffingAttack(long start, Population population, Rng rng, EventIds ids) {
        this.rng = rng;
        this.ids = ids;
        List<String> real = population.pickDistinctUserNames(rng, REAL_ACCOUNTS);
        List<String> accounts = new ArrayList<>(real);
        for (int i = 0; i < UNKNOWN_ACCOUNTS; i++) {
            // Leaked lists from other sites: e-mail addresses that are no account here.
            accounts.add(String.format(Locale.ROOT, "%s%d@mail.example", rng.pick(real).replace('.', '_'),
                    rng.between(70, 99)));
        }
        rng.shuffle(accounts);
        List<String> winners = real.subList(0, SUCCESSES);
        int source = 0;
        for (String account : accounts) {
            String from = SOURCES.get(source++ % SOURCES.size());
            boolean known = real.contains(account);
            boolean wins = winners.contains(account);
            if (rng.chance(0.3)) {
                attempts.add(new Attempt(account, from, false, known));
            }
            attempts.add(new Attempt(account, from, wins, known));
        }
        this.spread = EvenSpread.over(start, DURATION, attempts.size());
    }

    @Override
    public SimulatedEvent next() {
        if (next >= attempts.size()) {
            return null;
        }
        long t = spread.time(next, rng);
        Attempt a = attempts.get(next++);
        if (a.success()) {
            return Logins.success(ids, t, a.account(), a.source(), "web", "idp-2");
        }
        return Logins.failure(ids, t, a.account(), a.source(), a.known() ? "bad_password" : "invalid_user", "web",
                "idp-2");
    }
}
