package io.breachwatch.detector.engine;

import java.util.HashMap;
import java.util.Map;

/**
 * Everything one rule group remembers about one entity: the newest event time seen for it, each rule's aggregate
 * state, and per rule the event time until which it is suppressed.
 */
public final class EntityState {
    long newestEventTime = Long.MIN_VALUE;
    final Map<String, AggregateState> rules = new HashMap<>();
    final Map<String, Long> suppressedUntil = new HashMap<>();

    public long newestEventTime() {
        return newestEventTime;
    }

    boolean isEmpty() {
        return rules.values().stream().allMatch(AggregateState::isEmpty) && suppressedUntil.isEmpty();
    }
}
