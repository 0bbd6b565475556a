package io.breachwatch.detector.simulate;

import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.AuthOutcome;
import java.time.Instant;

/** Builds attackers' login attempts. */
final class Logins {
    private Logins() {
    }

    static SimulatedEvent failure(EventIds ids, long t, String user, String source, String reason, String service,
                                  String host) {
        return SimulatedEvent.of(new AuthEvent(ids.next(), Instant.ofEpochMilli(t), user, source,
                AuthOutcome.FAILURE, "password", reason, service, host));
    }

    static SimulatedEvent success(EventIds ids, long t, String user, String source, String service, String host) {
        return SimulatedEvent.of(new AuthEvent(ids.next(), Instant.ofEpochMilli(t), user, source,
                AuthOutcome.SUCCESS, "password", null, service, host));
    }
}
