package io.breachwatch.detector.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.detector.config.DetectorConfig;
import io.breachwatch.detector.replay.OfflineDetection;
import io.breachwatch.schema.Alert;
import io.breachwatch.schema.CanonicalEvent;
import io.breachwatch.schema.parse.LogParser;
import io.breachwatch.schema.parse.LogReader;
import io.breachwatch.schema.parse.ParseResult;
import io.breachwatch.schema.parse.ParseStats;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * What the dataset tests of this package share: reading a shared dataset in place (never copied; the test is skipped
 * with the place looked in when it is absent), through a breachwatch parser and {@link LogReader} as forensic replay
 * reads files; putting the events into event-time order; running them through the full built-in catalogue with
 * {@link OfflineDetection}; and small reference models of the windowed rules, so that each test can compare the
 * engine's alerts with an independent count over the same events.
 *
 * <p><b>Order.</b> Replay sorts events by event time (stable: ties keep file order), as the replay command's reorder
 * buffer does for inputs smaller than the buffer. Zeek writes a connection when it ends and CloudTrail delivers
 * records unsorted, so file order is not event order; syslog files are already in order and are unchanged by it.
 */
final class DatasetReplay {

    private DatasetReplay() {
    }

    /** Every event of one file, in file order; no line may be unparseable. */
    static List<CanonicalEvent> parse(Path file, LogParser parser) throws IOException {
        ParseStats stats = new ParseStats(file.getFileName().toString());
        List<CanonicalEvent> events = new ArrayList<>();
        try (LogReader reader = LogReader.open(file)) {
            LogReader.Line line;
            while ((line = reader.next()) != null) {
                ParseResult result = parser.parse(line.text(), line.number());
                stats.record(line.number(), result);
                events.addAll(result.events());
            }
        }
        List<CanonicalEvent> rest = parser.finish();
        stats.recordEvents(rest);
        events.addAll(rest);
        assertThat(stats.unparseable()).as(stats.toString()).isZero();
        return events;
    }

    /** Stable sort by event time: ties keep their input order, as in the replay's reorder buffer. */
    static <E extends CanonicalEvent> List<E> inEventTimeOrder(List<E> events) {
        List<E> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparing(CanonicalEvent::timestamp));
        return sorted;
    }

    /** Adjacent pairs whose event time goes backwards. */
    static long backwardSteps(List<? extends CanonicalEvent> events) {
        long steps = 0;
        for (int i = 1; i < events.size(); i++) {
            if (events.get(i).timestamp().isBefore(events.get(i - 1).timestamp())) {
                steps++;
            }
        }
        return steps;
    }

    /**
     * One alert as the tests compare it: rule, entity, and the event time at which the condition first held (the
     * engine's {@code detected_at}, the reference model's triggering event), to the millisecond the engine keeps.
     */
    record Raised(String rule, String entity, Instant at) {
        Raised {
            at = at.truncatedTo(ChronoUnit.MILLIS);
        }

        static Raised of(Alert alert) {
            return new Raised(alert.ruleId(), alert.entity().value(), alert.detectedAt());
        }

        @Override
        public String toString() {
            return at + " " + rule + " " + entity;
        }
    }

    /** The outcome of a replay through the full default catalogue. */
    record Replayed(List<Alert> alerts, long lateEvents) {
        List<Raised> raised() {
            return sorted(alerts.stream().map(Raised::of).toList());
        }

        List<Alert> of(String ruleId) {
            return alerts.stream().filter(a -> a.ruleId().equals(ruleId)).toList();
        }

        List<String> entities(String ruleId) {
            return of(ruleId).stream().map(a -> a.entity().value()).toList();
        }

        /** Alerts per rule, for the report and for a quick look at a failing test. */
        Map<String, Long> countsByRule() {
            return alerts.stream().collect(Collectors.groupingBy(Alert::ruleId, TreeMap::new, Collectors.counting()));
        }
    }

    /**
     * Runs the events, in the order given, through the built-in catalogue with the default grace and no maximum age
     * (the events are years old), exactly as {@code replay} does.
     */
    static Replayed replay(List<? extends CanonicalEvent> events) {
        OfflineDetection detection = new OfflineDetection(DetectorConfig.defaults().withMaxAge(null));
        List<Alert> alerts = detection.feedAll(events);
        return new Replayed(alerts, detection.lateEvents());
    }

    static List<Raised> sorted(List<Raised> raised) {
        List<Raised> copy = new ArrayList<>(raised);
        copy.sort(Comparator.comparing(Raised::at).thenComparing(Raised::rule).thenComparing(Raised::entity));
        return copy;
    }

    /**
     * Reference model of a sliding-window rule, written from the rule's definition rather than from the engine: for
     * every entity, after each of its events (in the order given), look at that entity's events of the last
     * {@code window} (both ends included); when {@code holds} is true of them and the entity is not suppressed, the
     * rule fires at that event's time and stays quiet for {@code suppression} after it.
     *
     * @param events matching events only, in replay order
     * @param key    the entity of an event (null: the event has no entity and is skipped)
     */
    static <E extends CanonicalEvent> List<Raised> slidingWindow(String rule, List<E> events, Function<E, String> key,
                                                                 Duration window, Duration suppression,
                                                                 Predicate<List<E>> holds) {
        Map<String, List<E>> byEntity = new LinkedHashMap<>();
        for (E event : events) {
            String k = key.apply(event);
            if (k != null) {
                byEntity.computeIfAbsent(k, x -> new ArrayList<>()).add(event);
            }
        }
        List<Raised> raised = new ArrayList<>();
        byEntity.forEach((entity, own) -> {
            Instant quietUntil = null;
            for (int i = 0; i < own.size(); i++) {
                Instant now = own.get(i).timestamp();
                int from = i;
                while (from > 0 && !own.get(from - 1).timestamp().isBefore(now.minus(window))) {
                    from--;
                }
                if ((quietUntil == null || !now.isBefore(quietUntil)) && holds.test(own.subList(from, i + 1))) {
                    raised.add(new Raised(rule, entity, now));
                    quietUntil = now.plus(suppression);
                }
            }
        });
        return sorted(raised);
    }

    /** The most events an entity has in any span of {@code window} (both ends included) that satisfy {@code count}. */
    static <E extends CanonicalEvent> Map<String, Long> peakInWindow(List<E> events, Function<E, String> key,
                                                                      Duration window,
                                                                      Function<List<E>, Long> count) {
        Map<String, List<E>> byEntity = new LinkedHashMap<>();
        for (E event : events) {
            byEntity.computeIfAbsent(key.apply(event), x -> new ArrayList<>()).add(event);
        }
        Map<String, Long> peaks = new TreeMap<>();
        byEntity.forEach((entity, own) -> {
            long peak = 0;
            int from = 0;
            for (int i = 0; i < own.size(); i++) {
                Instant now = own.get(i).timestamp();
                while (own.get(from).timestamp().isBefore(now.minus(window))) {
                    from++;
                }
                peak = Math.max(peak, count.apply(own.subList(from, i + 1)));
            }
            peaks.put(entity, peak);
        });
        return peaks;
    }

    /**
     * Reference model of a platform-wide per-minute baseline rule ({@code auth.failure_surge}), from the rule's
     * documented definition: event time is cut into buckets; every completed bucket, and every empty one between, is
     * folded into an exponentially weighted mean and variance (cumulative while fewer than 1/alpha buckets are
     * known, then alpha = 2 / (max(warm-up, 30) + 1), West's update); once warm-up buckets are complete, the current
     * bucket's running count fires when it is at least max(mean + sigma·sd, ratio·mean, floor) and above
     * mean + sigma·sd, then the rule is quiet for the suppression period.
     */
    static <E extends CanonicalEvent> List<Raised> baselineCount(String rule, String entity, List<E> events,
                                                                 Duration bucket, int warmUp, double sigma,
                                                                 double minRatio, double floor,
                                                                 Duration suppression) {
        double alpha = 2.0 / (Math.max(warmUp, 30) + 1);
        long width = bucket.toMillis();
        List<Raised> raised = new ArrayList<>();
        long current = Long.MIN_VALUE;
        double value = 0;
        long completed = 0;
        double mean = 0;
        double variance = 0;
        Instant quietUntil = null;
        for (E event : events) {
            long index = Math.floorDiv(event.timestamp().toEpochMilli(), width);
            if (current == Long.MIN_VALUE) {
                current = index;
            }
            while (current < index) {
                // The bucket just completed, then every empty one up to the event's bucket.
                completed++;
                double a = Math.max(alpha, 1.0 / completed);
                double delta = value - mean;
                mean += a * delta;
                variance = (1 - a) * (variance + a * delta * delta);
                value = 0;
                current++;
            }
            value++;
            if (completed < warmUp || (quietUntil != null && event.timestamp().isBefore(quietUntil))) {
                continue;
            }
            double high = mean + sigma * Math.sqrt(variance);
            if (value >= Math.max(high, Math.max(minRatio * mean, floor)) && value > high) {
                raised.add(new Raised(rule, entity, event.timestamp()));
                quietUntil = event.timestamp().plus(suppression);
            }
        }
        return raised;
    }

    /** Events per calendar bucket (by event time), for the buckets holding at least {@code atLeast}. */
    static Map<Instant, Long> bucketsWithAtLeast(List<? extends CanonicalEvent> events, Duration bucket,
                                                 long atLeast) {
        long width = bucket.toMillis();
        Map<Instant, Long> counts = events.stream().collect(Collectors.groupingBy(
                e -> Instant.ofEpochMilli(Math.floorDiv(e.timestamp().toEpochMilli(), width) * width),
                TreeMap::new, Collectors.counting()));
        counts.values().removeIf(n -> n < atLeast);
        return counts;
    }
}
