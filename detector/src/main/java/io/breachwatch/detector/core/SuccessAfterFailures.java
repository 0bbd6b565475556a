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
 * auth.success_after_failures — a source that has just failed repeatedly then logs in successfully (T1110): the
 * guessing worked, or a sprayed password hit. Default at least 5 failures from the same source within the 10
 * minutes before the success. Grouped by source rather than by account so that a spray's success on any of the
 * sprayed accounts counts; the account that got in is in the summary and evidence.
 */
public final class SuccessAfterFailures implements SourceIpRule {
    public static final String ID = "auth.success_after_failures";

    /**
     * @param failures    failures from the source that must precede the success
     * @param window      how long before the success they may have happened
     * @param suppression quiet period per source after an alert
     */
    public record Settings(int failures, Duration window, Duration suppression) {
        public static final Settings DEFAULT = new Settings(5, Duration.ofMinutes(10), Duration.ofMinutes(30));
    }

    private final Settings settings;
    private final RuleDefinition definition;

    public SuccessAfterFailures(Settings settings) {
        this.settings = settings;
        this.definition = new RuleDefinition(ID, "Successful login after repeated failures", Severity.HIGH,
                List.of("T1110"), settings.window(), settings.suppression());
    }

    @Override
    public RuleDefinition definition() {
        return definition;
    }

    @Override
    public Optional<Alert> evaluate(AuthEvent event, SourceActivity activity) {
        if (event.failed()) {
            return Optional.empty();
        }
        long success = event.timestamp().toEpochMilli();
        List<Attempt> before = List.copyOf(activity.failuresBetween(success - settings.window().toMillis(), success));
        if (before.size() < settings.failures()) {
            return Optional.empty();
        }
        Entity entity = Entity.sourceIp(event.sourceIp());
        Attempt first = before.get(0);
        String summary = String.format(
                "Login succeeded for %s from %s after %d failures in the preceding %s (threshold %d); failed users: %s",
                DisplayText.safe(event.user(), 64), DisplayText.safe(event.sourceIp(), 64), before.size(),
                DisplayText.span(success - first.time()), settings.failures(), Evidence.topUsers(before, 3));
        Alert.Evidence failures = Evidence.of(before, event.eventId());
        java.util.Map<String, Long> breakdown = new java.util.LinkedHashMap<>(failures.breakdown());
        breakdown.put("succeeded:" + DisplayText.safe(event.user(), 64), 1L);
        return Optional.of(new Alert(AlertIds.of(ID, entity, first.time()), ID, definition.title(),
                definition.severity(), definition.attack(), entity,
                Instant.ofEpochMilli(first.time()), event.timestamp(),
                before.size(), settings.failures(),
                Instant.ofEpochMilli(first.time()), event.timestamp(), event.timestamp(),
                summary, new Alert.Evidence(failures.eventIds(), breakdown)));
    }
}
