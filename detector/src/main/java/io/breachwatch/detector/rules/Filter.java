package io.breachwatch.detector.rules;

import java.util.Map;

/** Field conditions that must all hold for an event to count (YAML {@code where:}). Empty: every event. */
public record Filter(Map<String, Condition> fields) {
    public static final Filter ALL = new Filter(Map.of());

    public Filter {
        fields = Map.copyOf(fields);
    }
}
