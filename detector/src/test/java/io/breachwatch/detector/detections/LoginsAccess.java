package io.breachwatch.detector.detections;

import io.breachwatch.schema.AuthEvent;
import java.util.ArrayList;
import java.util.List;

/** Login fixtures for tests in other packages. */
public final class LoginsAccess {
    private LoginsAccess() {
    }

    /** A spray (also a brute force) followed by a successful login: raises all three login rules. */
    public static List<AuthEvent> mixedAttack(String ip) {
        List<AuthEvent> events = new ArrayList<>(Logins.spray(ip, "10:00:00", 12, 2, 5));
        events.add(Logins.success(ip, "user3", "10:03:00"));
        return events;
    }
}
