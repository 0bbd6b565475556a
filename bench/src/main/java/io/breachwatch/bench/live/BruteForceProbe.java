package io.breachwatch.bench.live;

import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.AuthOutcome;
import io.breachwatch.schema.Entity;
import java.time.Instant;

/**
 * One latency probe: a fresh brute force, {@link #FAILURES} failed SSH logins for one account from a source address
 * used by no other probe and no simulated traffic (198.18.0.0/15, the benchmarking range, which the simulator's
 * normal traffic never uses). The last failure makes {@code auth.brute_force.source} (at least 8 failures from one
 * source in 2 minutes) hold, so the alert it raises is caused by exactly that event. One account per probe and
 * fewer than 10 failures keep the account, spray and stuffing rules quiet.
 */
record BruteForceProbe(int number) {
    /** auth.brute_force.source's threshold in the built-in catalogue. */
    static final int FAILURES = 8;
    static final String RULE = "auth.brute_force.source";
    /** Addresses in 198.18.0.0/15. */
    static final int MAX_PROBES = 1 << 17;

    BruteForceProbe {
        if (number < 0 || number >= MAX_PROBES - 1) {
            throw new IllegalArgumentException("probe number out of range: " + number);
        }
    }

    /** 198.18.0.1, 198.18.0.2, … (the network address itself is skipped). */
    String sourceIp() {
        int n = number + 1;
        return "198." + (18 + (n >>> 16)) + "." + ((n >>> 8) & 0xff) + "." + (n & 0xff);
    }

    /** The alert key the detector gives this probe's alert (alerts are keyed by entity). */
    String alertKey() {
        return Entity.sourceIp(sourceIp()).toString();
    }

    /** The {@code i}-th failure (0-based), stamped {@code now}; the last one triggers the alert. */
    AuthEvent failure(int i, Instant now) {
        if (i < 0 || i >= FAILURES) {
            throw new IllegalArgumentException("failure index out of range: " + i);
        }
        return new AuthEvent("bench-probe-" + number + "-" + i, now, "probe" + number, sourceIp(),
                AuthOutcome.FAILURE, "password", "bad_password", "sshd", "bench-host");
    }

    boolean triggers(int i) {
        return i == FAILURES - 1;
    }
}
