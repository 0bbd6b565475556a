package io.breachwatch.detector.rules;

import java.time.Duration;

/**
 * What a rule computes over the events of one entity inside its sliding window, and the condition on it. Each
 * variant is one YAML {@code aggregate: {type: ...}}.
 */
public sealed interface AggregateSpec {

    /** {@code type: count} — events in the window ≥ {@code atLeast}. */
    record Count(long atLeast) implements AggregateSpec {
    }

    /**
     * {@code type: distinct_count} — distinct values of {@code field} ≥ {@code atLeast}, with at least
     * {@code minEvents} events, and no single value holding more than {@code maxTopShare} of them.
     */
    record DistinctCount(String field, long atLeast, long minEvents, double maxTopShare) implements AggregateSpec {
    }

    /** {@code type: sum} — sum of numeric {@code field} ≥ {@code atLeast}. */
    record Sum(String field, long atLeast) implements AggregateSpec {
    }

    /**
     * {@code type: proportion} — events matching {@code matching} ≥ {@code atLeast} and they are at least
     * {@code minShare} of all the rule's events in the window (error bursts: ≥ 20 errors and ≥ 50 % of calls).
     */
    record Proportion(Filter matching, long atLeast, double minShare) implements AggregateSpec {
    }

    /**
     * {@code type: sequence} — at least {@code atLeast} events matching {@code first}, then an event matching
     * {@code then}, all within the window (failures then success).
     */
    record Sequence(Filter first, long atLeast, Filter then) implements AggregateSpec {
    }

    /**
     * {@code type: baseline} — the measure over the current {@code bucket} exceeds the entity's learned mean by
     * {@code sigma} standard deviations, and is at least {@code minRatio} × the mean and at least {@code floor}.
     * Needs {@code warmUp} completed buckets of history first (quiet and new entities do not alert on noise).
     *
     * @param measure count, sum or distinct
     * @param field   the summed or distinct field (null for count)
     */
    record Baseline(Measure measure, String field, Duration bucket, int warmUp, double sigma, double minRatio,
                    double floor) implements AggregateSpec {
    }

    /**
     * {@code type: first_seen} — a value of {@code field} the entity has never used, after a learning period that
     * starts with the entity's first event. Remembers at most {@code maxValues} values per entity (least recently
     * seen forgotten first).
     */
    record FirstSeen(String field, Duration learning, int maxValues) implements AggregateSpec {
    }

    /** What a baseline measures per bucket. */
    enum Measure { COUNT, SUM, DISTINCT }
}
