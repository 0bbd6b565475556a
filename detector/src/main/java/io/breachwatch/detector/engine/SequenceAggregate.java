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
 * Ordered sequence: at least {@code atLeast} events matching {@code first}, then an event matching {@code then},
 * all within the window (failures then success). Only the {@code first} events are remembered.
 */
final class SequenceAggregate implements Aggregate {
    private final long window;
    private final Predicate<CanonicalEvent> first;
    private final long atLeast;
    private final Predicate<CanonicalEvent> then;
    private final Function<CanonicalEvent, Object> label;

    SequenceAggregate(long window, Predicate<CanonicalEvent> first, long atLeast, Predicate<CanonicalEvent> then,
                      Function<CanonicalEvent, Object> label) {
        this.window = window;
        this.first = first;
        this.atLeast = atLeast;
        this.then = then;
        this.label = label;
    }

    @Override
    public AggregateState newState() {
        return new State(new EventLog(LogAggregate.CAPACITY, EventLog.Overflow.MERGE_OLDEST));
    }

    @Override
    public AggregateState read(DataInputStream in) throws IOException {
        return new State(new EventLog(LogAggregate.CAPACITY, EventLog.Overflow.MERGE_OLDEST, LogCodec.read(in)));
    }

    @Override
    public long horizonMillis() {
        return window;
    }

    private String labelOf(CanonicalEvent event) {
        Object l = label == null ? null : label.apply(event);
        return FieldText.of(l);
    }

    private final class State implements AggregateState {
        private final EventLog firsts;

        State(EventLog firsts) {
            this.firsts = firsts;
        }

        @Override
        public void add(CanonicalEvent event, long time) {
            if (first.test(event)) {
                firsts.add(new EventLog.Entry(time, labelOf(event), 1, 0, true, event.eventId()));
            }
        }

        @Override
        public Finding evaluate(CanonicalEvent event, long time) {
            if (!then.test(event)) {
                return null;
            }
            List<EventLog.Entry> before = List.copyOf(firsts.between(time - window, time));
            long count = EventLog.weight(before);
            if (count < atLeast) {
                return null;
            }
            String thenLabel = labelOf(event);
            return new Finding(count, atLeast, before.get(0).time(), time, before,
                    thenLabel == null ? Map.of() : Map.of("then:" + Evidence.safe(thenLabel), 1L),
                    Map.of("then_event_id", event.eventId()));
        }

        @Override
        public void expire(long time) {
            firsts.forgetBefore(time);
        }

        @Override
        public boolean isEmpty() {
            return firsts.entries().isEmpty();
        }

        @Override
        public void write(DataOutputStream out) throws IOException {
            LogCodec.write(out, firsts.entries());
        }
    }
}
