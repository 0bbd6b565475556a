package io.breachwatch.detector.detections;

import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.AuthOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Test fixtures: authentication events with explicit event times on 2026-03-14 (UTC). */
public final class Logins {
    private static final AtomicLong IDS = new AtomicLong();

    private Logins() {
    }

    /** "10:00:05" or "10:00:05.250" on the fixture day. */
    public static Instant at(String time) {
        return Instant.parse("2026-03-14T" + time + "Z");
    }

    public static AuthEvent failure(String sourceIp, String user, String time) {
        return new AuthEvent("e" + IDS.incrementAndGet(), at(time), user, sourceIp, AuthOutcome.FAILURE, "password",
                "bad_password", "sshd", "web-1");
    }

    /** The same event, {@code days} later (for implausible-timestamp tests). */
    public static AuthEvent later(AuthEvent event, int days) {
        return new AuthEvent(event.eventId(), event.timestamp().plus(java.time.Duration.ofDays(days)), event.user(),
                event.sourceIp(), event.outcome(), event.method(), event.reason(), event.service(), event.host());
    }

    public static AuthEvent success(String sourceIp, String user, String time) {
        return new AuthEvent("e" + IDS.incrementAndGet(), at(time), user, sourceIp, AuthOutcome.SUCCESS, "password",
                null, "sshd", "web-1");
    }

    /** {@code count} failures for one user, {@code stepSeconds} apart, starting at {@code start}. */
    public static List<AuthEvent> failures(String sourceIp, String user, String start, int count, double stepSeconds) {
        List<AuthEvent> events = new ArrayList<>();
        Instant first = at(start);
        for (int i = 0; i < count; i++) {
            Instant t = first.plusMillis(Math.round(i * stepSeconds * 1000));
            events.add(new AuthEvent("e" + IDS.incrementAndGet(), t, user, sourceIp, AuthOutcome.FAILURE, "password",
                    "bad_password", "sshd", "web-1"));
        }
        return events;
    }

    /** One failure per user name user0..user{n-1} (each repeated {@code perUser} times), {@code stepSeconds} apart. */
    public static List<AuthEvent> spray(String sourceIp, String start, int users, int perUser, double stepSeconds) {
        List<AuthEvent> events = new ArrayList<>();
        Instant first = at(start);
        int i = 0;
        for (int round = 0; round < perUser; round++) {
            for (int u = 0; u < users; u++) {
                Instant t = first.plusMillis(Math.round(i++ * stepSeconds * 1000));
                events.add(new AuthEvent("e" + IDS.incrementAndGet(), t, "user" + u, sourceIp, AuthOutcome.FAILURE,
                        "password", "bad_password", "sshd", "web-1"));
            }
        }
        return events;
    }
}
