package io.breachwatch.detector.core;

import io.breachwatch.schema.Alert;
import io.breachwatch.schema.AuthEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The detection core for authentication events keyed by source address: plain Java over one entity's
 * {@link SourceActivity}, driven by the Kafka Streams processor for live detection and directly by offline replay,
 * so both produce the same alerts.
 *
 * <p>Lateness is judged per source, not per task: an event is late when it is more than {@code grace} older than
 * the newest event already seen <em>for the same source</em>. Partitions read at different speeds during catch-up
 * therefore cannot make one source's events late because another source's partition ran ahead.
 */
public final class SourceIpDetector {
    private final List<SourceIpRule> rules;
    private final long graceMillis;
    private final long horizonMillis;
    private final long retentionMillis;

    public SourceIpDetector(List<SourceIpRule> rules, Duration grace) {
        this.rules = List.copyOf(rules);
        this.graceMillis = grace.toMillis();
        this.horizonMillis = rules.stream().mapToLong(r -> r.definition().window().toMillis()).max().orElse(0);
        long longestSuppression = rules.stream().mapToLong(r -> r.definition().suppression().toMillis()).max()
                .orElse(0);
        this.retentionMillis = Math.max(horizonMillis, longestSuppression) + graceMillis;
    }

    public List<SourceIpRule> rules() {
        return rules;
    }

    /** The outcome for one event: the alerts it triggered, or that it arrived too late to be evaluated. */
    public record Verdict(List<Alert> alerts, boolean late, long lateByMillis) {
        static final Verdict NOTHING = new Verdict(List.of(), false, 0);
    }

    public Verdict onEvent(AuthEvent event, SourceActivity activity) {
        long time = event.timestamp().toEpochMilli();
        if (activity.newestEventTime() != Long.MIN_VALUE && time < activity.newestEventTime() - graceMillis) {
            return new Verdict(List.of(), true, activity.newestEventTime() - time);
        }
        activity.observe(time);
        if (event.failed()) {
            activity.addFailure(new Attempt(time, event.user(), event.eventId()));
        }
        List<Alert> alerts = null;
        for (SourceIpRule rule : rules) {
            String id = rule.definition().id();
            if (activity.suppressed(id, time)) {
                continue;
            }
            Optional<Alert> alert = rule.evaluate(event, activity);
            if (alert.isPresent()) {
                activity.suppress(id, alert.get().detectedAt().toEpochMilli()
                        + rule.definition().suppression().toMillis());
                if (alerts == null) {
                    alerts = new ArrayList<>(1);
                }
                alerts.add(alert.get());
            }
        }
        activity.forgetBefore(activity.newestEventTime() - horizonMillis - graceMillis);
        return alerts == null ? Verdict.NOTHING : new Verdict(alerts, false, 0);
    }

    /** Whether a source's activity can be deleted: nothing in it can matter to an event at {@code streamTime}. */
    public boolean expired(SourceActivity activity, long streamTime) {
        return activity.newestEventTime() < streamTime - retentionMillis;
    }
}
