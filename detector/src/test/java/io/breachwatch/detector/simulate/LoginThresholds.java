package io.breachwatch.detector.simulate;

import io.breachwatch.schema.AuthEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The three per-source login thresholds, computed independently of the simulator (and of the detector) with plain
 * sliding windows over event time. Windows are closed at both ends, one millisecond more generous to the attacker
 * than the rules, so "never met here" is a strict statement about normal traffic.
 * <ul>
 *   <li>brute force: ≥ 8 failures from one source within 2 minutes;</li>
 *   <li>spray: ≥ 20 failures against ≥ 10 distinct accounts from one source within 5 minutes;</li>
 *   <li>success after failures: a success from a source with ≥ 5 failures from it in the 10 minutes before.</li>
 * </ul>
 */
final class LoginThresholds {
    private record Failure(long time, String user) {
    }

    private final Map<String, ArrayDeque<Failure>> failures = new HashMap<>();
    private final Map<String, Long> lastFailureByUserAndSource = new HashMap<>();
    final List<String> bruteForce = new ArrayList<>();
    final List<String> spray = new ArrayList<>();
    final List<String> successAfterFailures = new ArrayList<>();
    int maxFailuresIn2m;
    int maxFailuresIn10m;
    long typos;
    long logins;
    long failed;

    void accept(AuthEvent e) {
        logins++;
        long t = e.timestamp().toEpochMilli();
        ArrayDeque<Failure> recent = failures.computeIfAbsent(e.sourceIp(), k -> new ArrayDeque<>());
        while (!recent.isEmpty() && recent.peekFirst().time() < t - 600_000) {
            recent.pollFirst();
        }
        String userAtSource = e.user() + "@" + e.sourceIp();
        if (e.failed()) {
            failed++;
            recent.addLast(new Failure(t, e.user()));
            lastFailureByUserAndSource.put(userAtSource, t);
            int in2m = 0;
            int in5m = 0;
            Set<String> users5m = new HashSet<>();
            for (Failure f : recent) {
                if (f.time() >= t - 120_000) {
                    in2m++;
                }
                if (f.time() >= t - 300_000) {
                    in5m++;
                    users5m.add(f.user());
                }
            }
            maxFailuresIn2m = Math.max(maxFailuresIn2m, in2m);
            maxFailuresIn10m = Math.max(maxFailuresIn10m, recent.size());
            if (in2m >= 8) {
                bruteForce.add(e.sourceIp() + " at " + e.timestamp());
            }
            if (in5m >= 20 && users5m.size() >= 10) {
                spray.add(e.sourceIp() + " at " + e.timestamp());
            }
        } else {
            if (recent.size() >= 5) {
                successAfterFailures.add(e.sourceIp() + " at " + e.timestamp());
            }
            Long lastFailure = lastFailureByUserAndSource.remove(userAtSource);
            if (lastFailure != null && t - lastFailure <= 60_000) {
                typos++;
            }
        }
    }
}
