package io.breachwatch.detector.engine;

import io.breachwatch.detector.rules.RuleSpec;
import io.breachwatch.schema.CanonicalEvent;
import java.util.function.Predicate;

/**
 * A rule ready to evaluate: its filter and aggregate compiled, its summary template parsed.
 *
 * @param spec      the rule as written
 * @param where     the compiled filter
 * @param aggregate the compiled aggregate
 * @param summary   the parsed summary template
 * @param shape     identifies the kind of state the aggregate keeps: state written under another shape (the rule's
 *                  aggregate type changed between versions) is discarded rather than misread
 */
record CompiledRule(RuleSpec spec, Predicate<CanonicalEvent> where, Aggregate aggregate, SummaryTemplate summary,
                    String shape) {
    String id() {
        return spec.id();
    }

    RuleGroup group() {
        return new RuleGroup(spec.event(), spec.groupBy());
    }
}
