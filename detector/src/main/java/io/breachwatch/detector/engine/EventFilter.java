package io.breachwatch.detector.engine;

import io.breachwatch.detector.rules.Condition;
import io.breachwatch.detector.rules.EventFields;
import io.breachwatch.detector.rules.Filter;
import io.breachwatch.schema.CanonicalEvent;
import io.breachwatch.schema.EventType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/** Compiles a rule's {@code where:} into one predicate, field accessors resolved once. */
final class EventFilter {
    private EventFilter() {
    }

    static Predicate<CanonicalEvent> compile(EventType type, Filter filter) {
        List<Predicate<CanonicalEvent>> tests = new ArrayList<>();
        for (Map.Entry<String, Condition> entry : filter.fields().entrySet()) {
            Function<CanonicalEvent, Object> field = EventFields.accessor(type, entry.getKey());
            Predicate<Object> test = condition(entry.getValue());
            tests.add(event -> test.test(field.apply(event)));
        }
        if (tests.isEmpty()) {
            return event -> true;
        }
        if (tests.size() == 1) {
            return tests.get(0);
        }
        return event -> {
            for (Predicate<CanonicalEvent> t : tests) {
                if (!t.test(event)) {
                    return false;
                }
            }
            return true;
        };
    }

    static Predicate<Object> condition(Condition c) {
        List<Predicate<Object>> parts = new ArrayList<>();
        if (c.present() != null) {
            boolean present = c.present();
            parts.add(v -> (v != null) == present);
        }
        if (c.in() != null) {
            Set<String> values = new HashSet<>(c.in());
            parts.add(v -> v != null && values.contains(FieldText.of(v)));
        }
        if (c.notIn() != null) {
            Set<String> values = new HashSet<>(c.notIn());
            parts.add(v -> v == null || !values.contains(FieldText.of(v)));
        }
        if (c.gte() != null) {
            long min = c.gte();
            parts.add(v -> v instanceof Number n && n.longValue() >= min);
        }
        if (c.lte() != null) {
            long max = c.lte();
            parts.add(v -> v instanceof Number n && n.longValue() <= max);
        }
        if (c.prefix() != null) {
            List<String> prefixes = List.copyOf(c.prefix());
            parts.add(v -> {
                if (v == null) {
                    return false;
                }
                String text = FieldText.of(v);
                for (String p : prefixes) {
                    if (text.startsWith(p)) {
                        return true;
                    }
                }
                return false;
            });
        }
        if (c.cidr() != null) {
            List<Cidr> networks = c.cidr().stream().map(Cidr::parse).toList();
            parts.add(v -> v != null && Cidr.anyContains(networks, v.toString()));
        }
        if (c.notCidr() != null) {
            List<Cidr> networks = c.notCidr().stream().map(Cidr::parse).toList();
            parts.add(v -> v == null || !Cidr.anyContains(networks, v.toString()));
        }
        return v -> {
            for (Predicate<Object> p : parts) {
                if (!p.test(v)) {
                    return false;
                }
            }
            return true;
        };
    }
}
