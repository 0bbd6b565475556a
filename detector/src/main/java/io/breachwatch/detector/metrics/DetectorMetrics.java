package io.breachwatch.detector.metrics;

import io.breachwatch.schema.Alert;
import io.breachwatch.schema.DeadLetterReason;
import io.breachwatch.schema.EventType;
import io.breachwatch.schema.Severity;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * breachwatch's own meters. Every label value comes from a closed set (event type, dead-letter reason, rule group,
 * store name, rule id, severity), never from a record, so the number of series is fixed by the rules in force
 * however hostile the input. The meters of the rules and groups in force are registered at zero before the first
 * event ({@link #expectRule}, {@link #expectGroup}): {@code rate()} and {@code increase()} then count the first
 * alert after a restart too, and dashboards show a flat zero rather than "no data".
 */
public final class DetectorMetrics {
    /**
     * Event-to-alert latency buckets: fine around the one-second target, coarse beyond it (an alert raised while
     * catching up on a backlog is minutes or hours late, and only needs to be visible as such). Fixed buckets keep
     * every rule at the same small number of series, unlike Micrometer's ~70-bucket percentile histogram.
     */
    static final Duration[] LATENCY_BUCKETS = {
        Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
        Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1),
        Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofHours(1)};

    private final MeterRegistry registry;
    private final Map<EventType, Counter> events = new EnumMap<>(EventType.class);
    private final Map<String, Counter> deadLetters = new ConcurrentHashMap<>();
    private final Map<String, Counter> late = new ConcurrentHashMap<>();
    private final Map<String, Counter> alerts = new ConcurrentHashMap<>();
    private final Map<String, Timer> latency = new ConcurrentHashMap<>();
    /** Entry count per store, per task of this instance that holds it. */
    private final Map<String, Map<String, Long>> storeEntries = new ConcurrentHashMap<>();

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

    /** Registers a rule's alert counter and latency histogram at zero. */
    public void expectRule(String ruleId, Severity severity) {
        alertCounter(ruleId, severity.label());
        latencyTimer(ruleId);
    }

    /** Registers a rule group's late-record counter and its store's entry gauge at zero. */
    public void expectGroup(EventType type, String group, String store) {
        lateCounter(type, group);
        expectStore(store);
    }

    /** Registers a state store's entry gauge at zero. */
    public void expectStore(String store) {
        storeEntries.computeIfAbsent(store, name -> {
            Map<String, Long> perTask = new ConcurrentHashMap<>();
            Gauge.builder("breachwatch.state.store.entries", perTask,
                            tasks -> tasks.values().stream().mapToLong(Long::longValue).sum())
                    .description("Entries in a state store, summed over the tasks this instance runs "
                            + "(refreshed every 10 seconds)")
                    .tag("store", name).strongReference(true).register(registry);
            return perTask;
        });
    }

    public void eventRead(EventType type) {
        events.get(type).increment();
    }

    public void deadLettered(EventType type, String reason) {
        deadLetter(type, reason).increment();
    }

    /** An event a rule group could not evaluate: older than grace behind its entity's newest event. */
    public void lateRecord(EventType type, String group) {
        lateCounter(type, group).increment();
    }

    public void alertRaised(Alert alert, Duration sinceTriggeringEvent) {
        // Latency first: a scrape that sees the alert counted must also see the latency it was recorded with.
        latencyTimer(alert.ruleId()).record(sinceTriggeringEvent.isNegative() ? Duration.ZERO : sinceTriggeringEvent);
        alertCounter(alert.ruleId(), alert.severity().label()).increment();
    }

    /** The current entry count of {@code store} in task {@code task} of this instance. */
    public void storeEntries(String store, String task, long entries) {
        expectStore(store);
        storeEntries.get(store).put(task, Math.max(0, entries));
    }

    /** The task closed here (shut down or moved to another instance): its entries no longer count here. */
    public void storeClosed(String store, String task) {
        Map<String, Long> perTask = storeEntries.get(store);
        if (perTask != null) {
            perTask.remove(task);
        }
    }

    public double eventsRead(EventType type) {
        return events.get(type).count();
    }

    public double deadLetters(EventType type, String reason) {
        return deadLetter(type, reason).count();
    }

    public double lateRecords(EventType type, String group) {
        return lateCounter(type, group).count();
    }

    public double alertsRaised(String ruleId) {
        return registry.find("breachwatch.alerts").tag("rule", ruleId).counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    public long storeEntries(String store) {
        Map<String, Long> perTask = storeEntries.get(store);
        return perTask == null ? 0 : perTask.values().stream().mapToLong(Long::longValue).sum();
    }

    private Counter deadLetter(EventType type, String reason) {
        return deadLetters.computeIfAbsent(type.label() + '|' + reason, k -> Counter.builder("breachwatch.dead.letters")
                .description("Records sent to the dead-letter topic, by event type and reason")
                .tag("type", type.label()).tag("reason", reason).register(registry));
    }

    private Counter lateCounter(EventType type, String group) {
        return late.computeIfAbsent(type.label() + '|' + group, k -> Counter.builder("breachwatch.late.records")
                .description("Events a rule group could not evaluate because they arrived more than the grace "
                        + "behind their entity's newest event (dead-lettered as late), by event type and rule group")
                .tag("type", type.label()).tag("group", group).register(registry));
    }

    private Counter alertCounter(String ruleId, String severity) {
        return alerts.computeIfAbsent(ruleId + '|' + severity, k -> Counter.builder("breachwatch.alerts")
                .description("Alerts raised, by rule and severity")
                .tag("rule", ruleId).tag("severity", severity)
                .register(registry));
    }

    private Timer latencyTimer(String ruleId) {
        return latency.computeIfAbsent(ruleId, rule -> Timer.builder("breachwatch.alert.latency")
                .description("Wall-clock time from the triggering event's timestamp to the alert being raised")
                .tag("rule", rule)
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry));
    }
}
