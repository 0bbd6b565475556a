package io.breachwatch.detector.engine;

import io.breachwatch.detector.rules.EventFields;
import io.breachwatch.schema.CanonicalEvent;
import io.breachwatch.schema.Entity;
import io.breachwatch.schema.EventType;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Rules that read the same event type and group by the same fields. A group is the unit of work of the topology:
 * one repartition topic, one processor and one state store, however many rules it holds, so adding a rule adds a
 * topic only when it introduces a new key.
 *
 * @param type    the event type
 * @param groupBy the key fields
 */
public record RuleGroup(EventType type, List<String> groupBy) {
    /** Longest entity value kept verbatim; longer composite keys are cut and suffixed with a hash. */
    static final int MAX_KEY = 200;

    public RuleGroup {
        groupBy = List.copyOf(groupBy);
    }

    /** Stable name for the group's internal resources, e.g. {@code auth-by-source-ip}. */
    public String name() {
        return type.label() + "-by-" + String.join("-and-", groupBy).replace('_', '-').toLowerCase(Locale.ROOT);
    }

    public String entityType() {
        return String.join("+", groupBy);
    }

    /** Extracts the entity key from events of this group's type. */
    public Function<CanonicalEvent, String> keyExtractor() {
        List<Function<CanonicalEvent, Object>> fields = groupBy.stream()
                .map(f -> EventFields.accessor(type, f)).toList();
        if (fields.size() == 1) {
            Function<CanonicalEvent, Object> field = fields.get(0);
            return event -> bounded(field.apply(event));
        }
        return event -> {
            StringBuilder key = new StringBuilder();
            for (Function<CanonicalEvent, Object> field : fields) {
                Object v = field.apply(event);
                if (v == null) {
                    return null;
                }
                key.append(key.length() == 0 ? "" : ",").append(FieldText.of(v));
            }
            return bounded(key.toString());
        };
    }

    public Entity entity(String key) {
        return new Entity(entityType(), key);
    }

    private static String bounded(Object value) {
        if (value == null) {
            return null;
        }
        String s = FieldText.of(value);
        if (s.codePointCount(0, s.length()) <= MAX_KEY) {
            return s;
        }
        return s.substring(0, s.offsetByCodePoints(0, MAX_KEY - 20)) + "…#"
                + Long.toHexString(BaselineAggregate.hash(s));
    }
}
