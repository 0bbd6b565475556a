package io.breachwatch.detector.engine;

import io.breachwatch.schema.CanonicalEvent;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * First-seen value per entity after a learning period: the entity's first event starts the learning period, during
 * which every value it uses is remembered; afterwards a value it has never used raises a finding. At most
 * {@code maxValues} values are remembered per entity, least recently used forgotten first, so memory is bounded
 * even for an entity that uses a new value on every event (which then alerts once per suppression period).
 */
final class FirstSeenAggregate implements Aggregate {
    private final Function<CanonicalEvent, Object> field;
    private final long learning;
    private final int maxValues;

    FirstSeenAggregate(Function<CanonicalEvent, Object> field, Duration learning, int maxValues) {
        this.field = field;
        this.learning = learning.toMillis();
        this.maxValues = maxValues;
    }

    @Override
    public AggregateState newState() {
        return new State(Long.MIN_VALUE, new LinkedHashMap<>(16, 0.75f, true));
    }

    @Override
    public AggregateState read(DataInputStream in) throws IOException {
        long firstEvent = in.readLong();
        int n = in.readInt();
        LinkedHashMap<String, Long> seen = new LinkedHashMap<>(Math.max(16, n * 2), 0.75f, true);
        for (int i = 0; i < n; i++) {
            seen.put(in.readUTF(), in.readLong());
        }
        return new State(firstEvent, seen);
    }

    @Override
    public long horizonMillis() {
        // Keep an entity's known values for a month of silence, or four learning periods if longer.
        return Math.max(Duration.ofDays(30).toMillis(), learning * 4);
    }

    private final class State implements AggregateState {
        private long firstEvent;
        private final LinkedHashMap<String, Long> seen;
        private String lastNew;

        State(long firstEvent, LinkedHashMap<String, Long> seen) {
            this.firstEvent = firstEvent;
            this.seen = seen;
        }

        @Override
        public void add(CanonicalEvent event, long time) {
            Object v = field.apply(event);
            lastNew = null;
            if (v == null) {
                return;
            }
            if (firstEvent == Long.MIN_VALUE || time < firstEvent) {
                firstEvent = time;
            }
            String value = FieldText.of(v);
            if (!seen.containsKey(value)) {
                lastNew = value;
            }
            seen.merge(value, time, Math::max);
            if (seen.size() > maxValues) {
                seen.remove(seen.keySet().iterator().next());
            }
        }

        @Override
        public Finding evaluate(CanonicalEvent event, long time) {
            if (lastNew == null || time - firstEvent < learning) {
                return null;
            }
            return new Finding(1, 0, time, time, List.of(), Map.of("new:" + Evidence.safe(lastNew), 1L),
                    Map.of("new_value", Evidence.safe(lastNew), "known_values", Integer.toString(seen.size() - 1)));
        }

        @Override
        public void expire(long time) {
            // Known values are the point of this state; they age out only through the LRU bound.
        }

        @Override
        public boolean isEmpty() {
            return seen.isEmpty();
        }

        @Override
        public void write(DataOutputStream out) throws IOException {
            out.writeLong(firstEvent);
            out.writeInt(seen.size());
            for (Map.Entry<String, Long> e : seen.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeLong(e.getValue());
            }
        }
    }
}
