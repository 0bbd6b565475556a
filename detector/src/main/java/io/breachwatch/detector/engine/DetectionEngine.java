package io.breachwatch.detector.engine;

import io.breachwatch.detector.core.Pseudonyms;
import io.breachwatch.detector.rules.RuleSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The enabled rules compiled and sorted into groups (event type + group-by fields), each with its
 * {@link GroupDetector}. Both drivers, the Kafka Streams topology and offline replay, are built from this.
 */
public final class DetectionEngine {
    private final Map<RuleGroup, GroupDetector> groups;

    private DetectionEngine(Map<RuleGroup, GroupDetector> groups) {
        this.groups = groups;
    }

    public static DetectionEngine of(List<RuleSpec> rules, Duration defaultGrace) {
        return of(rules, defaultGrace, Pseudonyms.OFF);
    }

    /** @param pseudonyms applied to personal data in every alert (see {@link Pseudonyms}) */
    public static DetectionEngine of(List<RuleSpec> rules, Duration defaultGrace, Pseudonyms pseudonyms) {
        Map<RuleGroup, List<CompiledRule>> byGroup = new LinkedHashMap<>();
        for (RuleSpec spec : rules) {
            if (spec.enabled()) {
                CompiledRule rule = RuleCompiler.compile(spec);
                byGroup.computeIfAbsent(rule.group(), g -> new ArrayList<>()).add(rule);
            }
        }
        Map<RuleGroup, GroupDetector> detectors = new LinkedHashMap<>();
        byGroup.forEach((group, compiled) -> detectors.put(group, new GroupDetector(group, compiled, defaultGrace, pseudonyms)));
        return new DetectionEngine(detectors);
    }

    /** Groups in the order their first rule appears: stable, so topology names do not move. */
    public List<GroupDetector> groups() {
        return List.copyOf(groups.values());
    }
}
