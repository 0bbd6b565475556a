package io.breachwatch.detector.page;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The pager bridge's meters. Label values come from closed sets only: destination type (pagerduty, slack,
 * opsgenie, webhook), page kind, outcome, retry reason, fold cause, dead-letter reason. Never a destination name,
 * rule, entity or dedup key. Two destinations of one type add up in the same series.
 */
public final class PagerMetrics {
    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> latency = new ConcurrentHashMap<>();
    private final Map<DestinationType, AtomicLong> overdue = new ConcurrentHashMap<>();
    private final Map<DestinationType, AtomicLong> unresolved = new ConcurrentHashMap<>();
    private final java.util.Set<DestinationType> registered = ConcurrentHashMap.newKeySet();

    public PagerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Meters that count into a private registry: for tests. */
    public static PagerMetrics unexported() {
        return new PagerMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Creates every series of a destination type at zero, so dashboards and alert rules see them from the start. */
    void register(DestinationType type) {
        if (!registered.add(type)) {
            return;
        }
        for (PageKind kind : PageKind.values()) {
            pages(type, kind, "delivered");
            pages(type, kind, "rejected");
            latency(type, kind);
        }
        for (Attempt.RetryReason reason : Attempt.RetryReason.values()) {
            retries(type, reason);
        }
        for (GroupWindows.FoldCause cause : GroupWindows.FoldCause.values()) {
            if (cause != GroupWindows.FoldCause.REPLAYED) {
                foldedCounter(type, cause);
            }
        }
        for (String reason : PageDeadLetter.REASONS) {
            deadLetters(type, reason);
        }
        for (String outcome : java.util.List.of("paged", "folded", "filtered", "undecodable")) {
            records(type, outcome);
        }
        commitFailures(type);
        gauge("breachwatch.pager.overdue.pages", "Pages retried for longer than overdue_after, by destination type",
                type, overdue);
        gauge("breachwatch.pager.unresolved.records", "Records read but not yet delivered (their offsets are not "
                + "committed), by destination type", type, unresolved);
    }

    private void gauge(String name, String description, DestinationType type, Map<DestinationType, AtomicLong> map) {
        AtomicLong value = map.computeIfAbsent(type, t -> new AtomicLong());
        Gauge.builder(name, value, AtomicLong::get).description(description).tag("type", type.label())
                .register(registry);
    }

    void delivered(DestinationType type, PageKind kind, Duration sinceDecided) {
        pages(type, kind, "delivered").increment();
        latency(type, kind).record(sinceDecided.isNegative() ? Duration.ZERO : sinceDecided);
    }

    void rejected(DestinationType type, PageKind kind) {
        pages(type, kind, "rejected").increment();
    }

    void retried(DestinationType type, Attempt.RetryReason reason) {
        retries(type, reason).increment();
    }

    void folded(DestinationType type, GroupWindows.FoldCause cause) {
        foldedCounter(type, cause).increment();
    }

    void deadLettered(DestinationType type, String reason) {
        deadLetters(type, reason).increment();
    }

    void record(DestinationType type, String outcome) {
        records(type, outcome).increment();
    }

    void commitFailed(DestinationType type) {
        commitFailures(type).increment();
    }

    void overdue(DestinationType type, int delta) {
        overdue.computeIfAbsent(type, t -> new AtomicLong()).addAndGet(delta);
    }

    void unresolved(DestinationType type, long delta) {
        unresolved.computeIfAbsent(type, t -> new AtomicLong()).addAndGet(delta);
    }

    /** For tests: the count of a counter series (0 when absent). */
    public double count(String name, String... tags) {
        Counter counter = registry.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    private Counter pages(DestinationType type, PageKind kind, String outcome) {
        return counters.computeIfAbsent("pages|" + type + '|' + kind + '|' + outcome,
                k -> Counter.builder("breachwatch.pager.pages")
                        .description("Pages accepted by a destination (delivered) or refused for good (rejected), by "
                                + "destination type and page kind")
                        .tag("type", type.label()).tag("kind", kind.label()).tag("outcome", outcome)
                        .register(registry));
    }

    private Timer latency(DestinationType type, PageKind kind) {
        return latency.computeIfAbsent(type + "|" + kind, k -> Timer.builder("breachwatch.pager.delivery.latency")
                .description("Time from deciding to send a page to the destination accepting it, retries included")
                .tag("type", type.label()).tag("kind", kind.label())
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(30))
                .register(registry));
    }

    private Counter retries(DestinationType type, Attempt.RetryReason reason) {
        return counter("breachwatch.pager.retries", "Delivery attempts that failed and are retried, by destination "
                + "type and reason", type, "reason", reason.label());
    }

    private Counter foldedCounter(DestinationType type, GroupWindows.FoldCause cause) {
        return counter("breachwatch.pager.alerts.folded", "Alerts and incident updates folded into a later page "
                + "instead of paging on their own, by destination type and cause", type, "cause", cause.label());
    }

    private Counter deadLetters(DestinationType type, String reason) {
        return counter("breachwatch.pager.dead.letters", "Pages refused for good and input records that are not "
                + "valid, written to the pager dead-letter topic, by destination type and reason", type, "reason",
                reason);
    }

    private Counter records(DestinationType type, String outcome) {
        return counter("breachwatch.pager.records", "Alert and incident records read, by destination type and what "
                + "became of them (paged on their own, folded, below min_severity, undecodable)", type, "outcome",
                outcome);
    }

    private Counter commitFailures(DestinationType type) {
        return counters.computeIfAbsent("commit|" + type, k -> Counter.builder("breachwatch.pager.commit.failures")
                .description("Offset commits that failed (deliveries wait until a commit succeeds)")
                .tag("type", type.label()).register(registry));
    }

    private Counter counter(String name, String description, DestinationType type, String tag, String value) {
        return counters.computeIfAbsent(name + '|' + type + '|' + value, k -> Counter.builder(name)
                .description(description).tag("type", type.label()).tag(tag, value).register(registry));
    }
}
