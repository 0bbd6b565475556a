package io.breachwatch.detector.engine;

import io.breachwatch.detector.rules.AggregateSpec;
import io.breachwatch.detector.rules.EventFields;
import io.breachwatch.detector.rules.RuleSpec;
import io.breachwatch.schema.CanonicalEvent;
import io.breachwatch.schema.EventType;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Turns validated {@link RuleSpec}s into {@link CompiledRule}s. */
final class RuleCompiler {
    private RuleCompiler() {
    }

    static CompiledRule compile(RuleSpec spec) {
        EventType type = spec.event();
        long window = spec.window().toMillis();
        Function<CanonicalEvent, Object> explain = spec.explainBy() == null ? null
                : EventFields.accessor(type, spec.explainBy());
        AggregateSpec a = spec.aggregate();
        Aggregate aggregate;
        if (a instanceof AggregateSpec.Count count) {
            aggregate = new LogAggregate(window, EventLog.Overflow.MERGE_OLDEST, explain, null, null,
                    new LogAggregate.SpanTest() {
                        public boolean holds(List<EventLog.Entry> span) {
                            return EventLog.weight(span) >= count.atLeast();
                        }

                        public boolean mayHold(EventLog log) {
                            return log.totalWeight() >= count.atLeast();
                        }

                        public double observed(List<EventLog.Entry> span) {
                            return EventLog.weight(span);
                        }

                        public double threshold() {
                            return count.atLeast();
                        }
                    });
        } else if (a instanceof AggregateSpec.DistinctCount distinct) {
            boolean pure = distinct.minEvents() <= 0 && distinct.maxTopShare() >= 1.0;
            aggregate = new LogAggregate(window, pure ? EventLog.Overflow.ONE_PER_LABEL
                    : EventLog.Overflow.MERGE_OLDEST, EventFields.accessor(type, distinct.field()), null, null,
                    new LogAggregate.SpanTest() {
                        public boolean holds(List<EventLog.Entry> span) {
                            // Cheap necessary conditions first: there are no more distinct labels than entries.
                            if (span.size() < distinct.atLeast()) {
                                return false;
                            }
                            if (pure) {
                                // One entry per label (the log's overflow policy), no event floor, no share limit:
                                // the distinct count is the number of labelled entries.
                                return EventLog.labelled(span) >= distinct.atLeast();
                            }
                            long events = EventLog.weight(span);
                            if (events < distinct.minEvents()) {
                                return false;
                            }
                            Map<String, Long> perLabel = EventLog.perLabel(span);
                            if (perLabel.size() < distinct.atLeast()) {
                                return false;
                            }
                            long top = perLabel.values().stream().mapToLong(Long::longValue).max().orElse(0);
                            return top <= distinct.maxTopShare() * events;
                        }

                        public boolean mayHold(EventLog log) {
                            return log.entries().size() >= distinct.atLeast()
                                    && log.totalWeight() >= distinct.minEvents();
                        }

                        public double observed(List<EventLog.Entry> span) {
                            return EventLog.perLabel(span).size();
                        }

                        public double threshold() {
                            return distinct.atLeast();
                        }

                        public Map<String, String> values(List<EventLog.Entry> span) {
                            return Map.of("min_events", Long.toString(distinct.minEvents()));
                        }
                    });
        } else if (a instanceof AggregateSpec.Sum sum) {
            aggregate = new LogAggregate(window, EventLog.Overflow.MERGE_OLDEST, explain,
                    EventFields.accessor(type, sum.field()), null, new LogAggregate.SpanTest() {
                        public boolean holds(List<EventLog.Entry> span) {
                            return EventLog.sum(span) >= sum.atLeast();
                        }

                        public double observed(List<EventLog.Entry> span) {
                            return EventLog.sum(span);
                        }

                        public double threshold() {
                            return sum.atLeast();
                        }
                    });
        } else if (a instanceof AggregateSpec.Proportion proportion) {
            aggregate = new LogAggregate(window, EventLog.Overflow.MERGE_OLDEST, explain, null,
                    EventFilter.compile(type, proportion.matching()), new LogAggregate.SpanTest() {
                        public boolean mayHold(EventLog log) {
                            return log.matchedTotal() >= proportion.atLeast();
                        }

                        public boolean holds(List<EventLog.Entry> span) {
                            long matched = EventLog.matchedWeight(span);
                            return matched >= proportion.atLeast()
                                    && matched >= proportion.minShare() * EventLog.weight(span);
                        }

                        public double observed(List<EventLog.Entry> span) {
                            return EventLog.matchedWeight(span);
                        }

                        public double threshold() {
                            return proportion.atLeast();
                        }

                        public Map<String, String> values(List<EventLog.Entry> span) {
                            long all = EventLog.weight(span);
                            return Map.of("share", all == 0 ? "0%"
                                    : Math.round(100.0 * EventLog.matchedWeight(span) / all) + "%");
                        }
                    });
        } else if (a instanceof AggregateSpec.Sequence sequence) {
            aggregate = new SequenceAggregate(window, EventFilter.compile(type, sequence.first()),
                    sequence.atLeast(), EventFilter.compile(type, sequence.then()), explain);
        } else if (a instanceof AggregateSpec.Baseline baseline) {
            aggregate = new BaselineAggregate(baseline,
                    baseline.field() == null ? null : EventFields.accessor(type, baseline.field()));
        } else if (a instanceof AggregateSpec.FirstSeen firstSeen) {
            aggregate = new FirstSeenAggregate(EventFields.accessor(type, firstSeen.field()), firstSeen.learning(),
                    firstSeen.maxValues());
        } else {
            throw new IllegalArgumentException("unknown aggregate " + a);
        }
        return new CompiledRule(spec, EventFilter.compile(type, spec.where()), aggregate,
                new SummaryTemplate(spec.summary(), type), a.getClass().getSimpleName());
    }
}
