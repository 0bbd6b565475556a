package io.breachwatch.detector.rules;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The effective rules: the built-in catalogue in its file order with the user's overrides applied, then the user's
 * new rules in their file order. Disabled rules stay in the set (they are listed), {@link #enabled()} leaves them
 * out.
 */
public final class RuleSet {
    private final List<RuleSpec> rules;
    private final Map<String, RuleSpec> byId;
    private final Map<String, Origin> overrides;

    RuleSet(List<RuleSpec> rules, Map<String, Origin> overrides) {
        this.rules = List.copyOf(rules);
        Map<String, RuleSpec> index = new LinkedHashMap<>();
        rules.forEach(rule -> index.put(rule.id(), rule));
        this.byId = Collections.unmodifiableMap(index);
        this.overrides = Map.copyOf(overrides);
    }

    /** Every rule, enabled or not, in catalogue order. */
    public List<RuleSpec> all() {
        return rules;
    }

    public List<RuleSpec> enabled() {
        return rules.stream().filter(RuleSpec::enabled).toList();
    }

    public Optional<RuleSpec> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public List<String> ids() {
        return List.copyOf(byId.keySet());
    }

    /** Where the user's file changed a built-in rule (its entry's line), if it did. */
    public Optional<Origin> overriddenAt(String id) {
        return Optional.ofNullable(overrides.get(id));
    }

    public int size() {
        return rules.size();
    }
}
