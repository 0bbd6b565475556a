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
 * auth.brute_force.source — one source address fails to log in many times in a short span (T1110.001, password
 * guessing). Default 8 failures within 2 minutes, Wazuh's long-standing SSH threshold: an interactive user who
 * mistypes does not fail 8 times in 2 minutes, while tools like hydra fail dozens of times a minute.
 */
public final class BruteForceBySource implements SourceIpRule {
    public static final String ID = "auth.brute_force.source";

    /**
     * @param failures    failures that make a brute force
     * @param window      within this event-time span
     * @param suppression quiet period per source after an alert
     */
    public record Settings(int failures, Duration window, Duration suppression) {
        public static final Settings DEFAULT = new Settings(8, Duration.ofMinutes(2), Duration.ofMinutes(10));
    }

    private final Settings settings;
    private final RuleDefinition definition;

    public BruteForceBySource(Settings settings) {
        this.settings = settings;
        this.definition = new RuleDefinition(ID, "Brute force from one source", Severity.MEDIUM,
                List.of("T1110.001"), settings.window(), settings.suppression());
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
                attempts -> attempts.size() >= settings.failures());
        if (span == null) {
            return Optional.empty();
        }
        Entity entity = Entity.sourceIp(event.sourceIp());
        Attempt first = span.get(0);
        Attempt last = span.get(span.size() - 1);
        String summary = String.format("Brute force: %d failed logins from %s in %s (threshold %d in %s); users: %s",
                span.size(), DisplayText.safe(event.sourceIp(), 64), DisplayText.span(last.time() - first.time()),
                settings.failures(), DisplayText.span(window), Evidence.topUsers(span, 3));
        return Optional.of(new Alert(AlertIds.of(ID, entity, first.time()), ID, definition.title(),
                definition.severity(), definition.attack(), entity,
                Instant.ofEpochMilli(first.time()), Instant.ofEpochMilli(last.time()),
                span.size(), settings.failures(),
                Instant.ofEpochMilli(first.time()), Instant.ofEpochMilli(last.time()), Instant.ofEpochMilli(last.time()),
                summary, Evidence.of(span, null)));
    }
}
