package io.breachwatch.detector.demo;

import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.AuthOutcome;
import io.breachwatch.schema.json.EventJson;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The demo's login traffic, stamped with the wall clock: a steady background of normal logins (many users, each
 * from a home address, now and then one mistyped password) and, from {@code attackStart} on, a brute force against
 * root from one address and a password spray across 25 accounts from another. Deterministic for a seed.
 */
public final class DemoTraffic {
    public static final String BRUTE_FORCER = "203.0.113.66";
    public static final String SPRAYER = "198.51.100.77";

    private final Random random;
    private final Clock clock;
    private final Duration attackStart;
    private final Instant started;
    private long sequence;
    private int bruteForceSent;
    private int spraySent;

    public DemoTraffic(long seed, Clock clock, Duration attackStart) {
        this.random = new Random(seed);
        this.clock = clock;
        this.attackStart = attackStart;
        this.started = clock.instant();
    }

    /** The events due in this tick (call about every 100 ms): ~{@code normalPerTick} normal logins plus attack steps. */
    public List<byte[]> tick(int normalPerTick) {
        Instant now = clock.instant();
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < normalPerTick; i++) {
            int user = random.nextInt(5000);
            String ip = "10.20." + (user / 250) + "." + (user % 250 + 1);
            boolean typo = random.nextInt(50) == 0;
            out.add(json(now, "user" + user, ip, typo ? AuthOutcome.FAILURE : AuthOutcome.SUCCESS));
        }
        Duration elapsed = Duration.between(started, now);
        if (elapsed.compareTo(attackStart) >= 0) {
            // Brute force: ~3 guesses a second at root, 60 in all.
            if (bruteForceSent < 60 && random.nextInt(3) == 0) {
                out.add(json(now, bruteForceSent % 10 == 9 ? "admin" : "root", BRUTE_FORCER, AuthOutcome.FAILURE));
                bruteForceSent++;
            }
            // Spray: one guess per account, ~1 a second, 25 accounts twice.
            if (spraySent < 50 && random.nextInt(10) == 0) {
                out.add(json(now, SPRAY_ACCOUNTS[spraySent % SPRAY_ACCOUNTS.length], SPRAYER, AuthOutcome.FAILURE));
                spraySent++;
            }
        }
        return out;
    }

    private static final String[] SPRAY_ACCOUNTS = {"alice", "bob", "carol", "dave", "erin", "frank", "grace",
        "heidi", "ivan", "judy", "mallory", "niaj", "olivia", "peggy", "rupert", "sybil", "trent", "victor",
        "walter", "xavier", "yvonne", "zoe", "admin", "support", "billing"};

    private byte[] json(Instant time, String user, String ip, AuthOutcome outcome) {
        return EventJson.strict().write(new AuthEvent("demo-" + (++sequence), time, user, ip, outcome, "password",
                outcome == AuthOutcome.FAILURE ? "bad_password" : null, "web", "shop-web-1"));
    }

    public long eventsGenerated() {
        return sequence;
    }
}
