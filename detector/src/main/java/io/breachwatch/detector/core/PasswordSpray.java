package io.breachwatch.detector.core;

import io.breachwatch.schema.Alert;
import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.Entity;
import io.breachwatch.schema.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * auth.password_spray — one source fails against many distinct accounts (T1110.003): a few common passwords tried
 * across a user list, which stays under per-account lockouts. Default at least 10 distinct users and 20 failures
 * within 5 minutes (Elastic's SSH spray rule uses more than 10 users and 30 failures per 5 minutes; we count
 * fewer failures because web and IdP sprays try one or two passwords per account). The failure floor keeps a
 * shared NAT address where ten people each mistype once from alerting. And no single account may hold more than half
 * of the failures: a brute force against root that also tries a few other names (loghub's 183.62.140.253, 93 % root)
 * is a brute force, not a spray, while real sprays spread thin (the top account holds 7–21 % in the same log).
 */
public final class PasswordSpray implements SourceIpRule {
    public static final String ID = "auth.password_spray";

    /**
     * @param distinctUsers distinct accounts that must have failed
     * @param failures      total failures that must have happened
     * @param window        within this event-time span
     * @param maxTopShare   largest share of the failures the most-tried account may have (0–1)
     * @param suppression   quiet period per source after an alert
     */
    public record Settings(int distinctUsers, int failures, double maxTopShare, Duration window,
                           Duration suppression) {
        public static final Settings DEFAULT = new Settings(10, 20, 0.5, Duration.ofMinutes(5),
                Duration.ofMinutes(15));
    }

    private final Settings settings;
    private final RuleDefinition definition;

    public PasswordSpray(Settings settings) {
        this.settings = settings;
        this.definition = new RuleDefinition(ID, "Password spray from one source", Severity.HIGH,
                List.of("T1110.003"), settings.window(), settings.suppression());
    }

    @Override
    public RuleDefinition definition() {
        return definition;
    }

    @Override
    public Optional<Alert> evaluate(AuthEvent event, SourceActivity activity) {
        if (!event.failed()) {
            return Optional.empty();
        }
        long window = settings.window().toMillis();
        List<Attempt> span = Windows.firstQualifying(activity, event.timestamp().toEpochMilli(), window,
                attempts -> attempts.size() >= settings.failures()
                        && Evidence.distinctUsers(attempts) >= settings.distinctUsers()
                        && Evidence.topUserCount(attempts) <= settings.maxTopShare() * attempts.size());
        if (span == null) {
            return Optional.empty();
        }
        Entity entity = Entity.sourceIp(event.sourceIp());
        Attempt first = span.get(0);
        Attempt last = span.get(span.size() - 1);
        long users = Evidence.distinctUsers(span);
        String summary = String.format(
                "Password spray: %s failed against %d accounts (%d failures) in %s (threshold %d accounts and %d "
                        + "failures in %s); accounts include: %s",
                DisplayText.safe(event.sourceIp(), 64), users, span.size(), DisplayText.span(last.time() - first.time()),
                settings.distinctUsers(), settings.failures(), DisplayText.span(window), Evidence.topUsers(span, 5));
        return Optional.of(new Alert(AlertIds.of(ID, entity, first.time()), ID, definition.title(),
                definition.severity(), definition.attack(), entity,
                Instant.ofEpochMilli(first.time()), Instant.ofEpochMilli(last.time()),
                users, settings.distinctUsers(),
                Instant.ofEpochMilli(first.time()), Instant.ofEpochMilli(last.time()), Instant.ofEpochMilli(last.time()),
                summary, Evidence.of(span, null)));
    }
}
