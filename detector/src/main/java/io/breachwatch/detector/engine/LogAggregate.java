package io.breachwatch.detector.engine;

import io.breachwatch.schema.CanonicalEvent;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The sliding-window aggregates that keep an {@link EventLog}: count, distinct count, sum and proportion. They
 * differ only in what an entry records and in the condition over a span, given as {@link SpanTest}.
 */
final class LogAggregate implements Aggregate {
    /** The condition over one window span, and the finding it makes. */
    interface SpanTest {
        boolean holds(List<EventLog.Entry> span);

        double observed(List<EventLog.Entry> span);

        double threshold();

        /**
         * False when no span of the log can hold, judged from the whole log's totals (every span is part of it):
         * spares the span-by-span test for the many events that come nowhere near the threshold. True when unsure.
         */
        default boolean mayHold(EventLog log) {
            return true;
        }

        default Map<String, String> values(List<EventLog.Entry> span) {
            return Map.of();
        }
    }

    /** Entries kept per entity and rule unless the rule's threshold needs more. */
    static final int CAPACITY = 256;
    /** Hard ceiling: a rule whose threshold needs more than this is refused when the rules file is read. */
    static final int MAX_CAPACITY = 16_384;

    private final long window;
    private final int capacity;
    private final EventLog.Overflow overflow;
    private final Function<CanonicalEvent, Object> label;
    private final Function<CanonicalEvent, Object> value;
    private final Predicate<CanonicalEvent> matched;
    private final SpanTest test;

    /**
     * @param label   the entry label (distinct field or explain-by field), may return null
     * @param value   the numeric value to sum, or null
     * @param matched the sub-filter for proportions, or null
     */
    LogAggregate(long window, EventLog.Overflow overflow, Function<CanonicalEvent, Object> label,
                 Function<CanonicalEvent, Object> value, Predicate<CanonicalEvent> matched, SpanTest test) {
        this.window = window;
        // Distinct counts are exact only while every distinct value fits: room for twice the threshold.
        this.capacity = (int) Math.min(MAX_CAPACITY, Math.max(CAPACITY, 2 * (long) test.threshold()));
        this.overflow = overflow;
        this.label = label;
        this.value = value;
        this.matched = matched;
        this.test = test;
    }

    @Override
    public AggregateState newState() {
        return new State(new EventLog(capacity, overflow));
    }

    @Override
    public AggregateState read(DataInputStream in) throws IOException {
        return new State(new EventLog(capacity, overflow, LogCodec.read(in)));
    }

    @Override
    public long horizonMillis() {
        return window;
    }

    private final class State implements AggregateState {
        private final EventLog log;

        State(EventLog log) {
            this.log = log;
        }

        @Override
        public void add(CanonicalEvent event, long time) {
            Object l = label == null ? null : label.apply(event);
            Object v = value == null ? null : value.apply(event);
            log.add(new EventLog.Entry(time, FieldText.of(l), 1,
                    v instanceof Number n ? n.longValue() : 0, matched == null || matched.test(event),
                    event.eventId()));
        }

        @Override
        public Finding evaluate(CanonicalEvent event, long time) {
            if (!test.mayHold(log)) {
                return null;
            }
            List<EventLog.Entry> span = log.firstQualifying(time, window, test::holds);
            if (span == null) {
                return null;
            }
            return new Finding(test.observed(span), test.threshold(), span.get(0).time(),
                    span.get(span.size() - 1).time(), span, Map.of(), test.values(span));
        }

        @Override
        public void expire(long time) {
            log.forgetBefore(time);
        }

        @Override
        public boolean isEmpty() {
            return log.entries().isEmpty();
        }

        @Override
        public void write(DataOutputStream out) throws IOException {
            LogCodec.write(out, log.entries());
        }
    }
}
