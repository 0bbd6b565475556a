package io.breachwatch.detector.rules;

import io.breachwatch.detector.rules.RulesYaml.Item;
import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * One rule as written, before it is typed: its keys with where each was written, and the aggregate's keys
 * separately (so that an override can change one of them). Merging a user's entry over a built-in one keeps each
 * value's own file and line, so errors point at whichever file holds the bad value.
 *
 * @param id        the rule id
 * @param origin    the entry's first line
 * @param keys      the rule's keys (known keys only; unknown ones have been reported)
 * @param aggregate the aggregate's keys, or null when the entry has no (usable) aggregate mapping
 * @param aggregateOrigin where that aggregate mapping starts
 * @param editedAt  where errors about the entry as a whole go (a missing key): the user's entry when it overrides
 */
record RuleEntry(String id, Origin origin, Map<String, Item> keys, Map<String, Item> aggregate,
                 Origin aggregateOrigin, Origin editedAt) {

    /**
     * This built-in entry with a user's entry for the same id laid over it: every key the user gives replaces the
     * built-in one, except {@code aggregate}, whose keys are merged one by one, unless the user names another
     * aggregate {@code type}, which replaces the aggregate whole (the old type's keys would not fit it).
     */
    RuleEntry overlay(RuleEntry user) {
        Map<String, Item> merged = new LinkedHashMap<>(keys);
        user.keys.forEach((name, item) -> {
            if (!name.equals("id")) {
                merged.put(name, item);
            }
        });
        Map<String, Item> mergedAggregate = aggregate;
        Origin mergedAggregateOrigin = aggregateOrigin;
        if (user.aggregate != null) {
            String baseType = text(aggregate == null ? null : aggregate.get("type"));
            String userType = text(user.aggregate.get("type"));
            if (aggregate == null || (userType != null && !userType.equals(baseType))) {
                mergedAggregate = user.aggregate;
            } else {
                mergedAggregate = new LinkedHashMap<>(aggregate);
                mergedAggregate.putAll(user.aggregate);
            }
            mergedAggregateOrigin = user.aggregateOrigin;
        }
        return new RuleEntry(id, origin, merged, mergedAggregate, mergedAggregateOrigin, user.origin);
    }

    private static String text(Item item) {
        return item != null && item.value() instanceof ScalarNode s ? s.getValue() : null;
    }
}
