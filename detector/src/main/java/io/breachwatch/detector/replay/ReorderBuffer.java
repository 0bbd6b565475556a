package io.breachwatch.detector.replay;

import io.breachwatch.schema.CanonicalEvent;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Puts events back into event-time order with bounded memory. Zeek and CloudTrail files are written out of order;
 * live processing absorbs that within each rule's grace, but replay can do better: up to {@code capacity} events are
 * held and released earliest first, so any input smaller than the buffer is replayed fully sorted and larger inputs
 * are sorted within a sliding horizon of that many events. Ties keep input order, so replay is deterministic.
 */
final class ReorderBuffer {
    private record Held(CanonicalEvent event, long sequence) {
    }

    private final PriorityQueue<Held> queue = new PriorityQueue<>(
            Comparator.comparing((Held h) -> h.event().timestamp()).thenComparingLong(Held::sequence));
    private final int capacity;
    private final Consumer<CanonicalEvent> downstream;
    private long sequence;

    ReorderBuffer(int capacity, Consumer<CanonicalEvent> downstream) {
        this.capacity = Math.max(1, capacity);
        this.downstream = downstream;
    }

    void add(CanonicalEvent event) {
        queue.add(new Held(event, sequence++));
        if (queue.size() > capacity) {
            downstream.accept(queue.poll().event());
        }
    }

    void drain() {
        while (!queue.isEmpty()) {
            downstream.accept(queue.poll().event());
        }
    }
}
