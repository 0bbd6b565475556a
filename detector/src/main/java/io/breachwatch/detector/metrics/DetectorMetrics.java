package io.breachwatch.detector.metrics;

import io.breachwatch.schema.Alert;
import io.breachwatch.schema.DeadLetterReason;
import io.breachwatch.schema.EventType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * breachwatch's own meters. Every label value comes from a closed set (event type, rule id, severity, dead-letter
 * reason): never a user, address or client id, so the number of series is fixed however hostile the input.
 */
public final class DetectorMetrics {
    private final MeterRegistry registry;
    private final Map<EventType, Counter> events = new EnumMap<>(EventType.class);
    private final Map<String, Counter> deadLetters = new ConcurrentHashMap<>();
    private final Map<String, Counter> alerts = new ConcurrentHashMap<>();
    private final Map<String, Timer> latency = new ConcurrentHashMap<>();

    public DetectorMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (EventType type : EventType.values()) {
            events.put(type, Counter.builder("breachwatch.events")
                    .description("Input records read, valid or not, by event type")
                    .tag("type", type.label()).register(registry));
            for (String reason : DeadLetterReason.ALL) {
                deadLetter(type, reason);
            }
        }
    }

    /** Meters that count into a private registry: for tests and tools that do not export metrics. */
    public static DetectorMetrics unexported() {
        return new DetectorMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void eventRead(EventType type) {
        events.get(type).increment();
    }

    public void deadLettered(EventType type, String reason) {
        deadLetter(type, reason).increment();
    }

    public void alertRaised(Alert alert, Duration sinceTriggeringEvent) {
        String key = alert.ruleId() + '|' + alert.severity().label();
        alerts.computeIfAbsent(key, k -> Counter.builder("breachwatch.alerts")
                .description("Alerts raised, by rule and severity")
                .tag("rule", alert.ruleId()).tag("severity", alert.severity().label())
                .register(registry)).increment();
        latency.computeIfAbsent(alert.ruleId(), rule -> Timer.builder("breachwatch.alert.latency")
                .description("Wall-clock time from the triggering event's timestamp to the alert being raised")
                .tag("rule", rule)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(5))
                .register(registry)).record(sinceTriggeringEvent.isNegative() ? Duration.ZERO : sinceTriggeringEvent);
    }

    public double eventsRead(EventType type) {
        return events.get(type).count();
    }

    public double deadLetters(EventType type, String reason) {
        return deadLetter(type, reason).count();
    }

    public double alertsRaised(String ruleId) {
        return registry.find("breachwatch.alerts").tag("rule", ruleId).counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    private Counter deadLetter(EventType type, String reason) {
        return deadLetters.computeIfAbsent(type.label() + '|' + reason, k -> Counter.builder("breachwatch.dead.letters")
                .description("Records sent to the dead-letter topic, by event type and reason")
                .tag("type", type.label()).tag("reason", reason).register(registry));
    }
}
