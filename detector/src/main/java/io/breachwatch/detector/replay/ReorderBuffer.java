package io.breachwatch.detector.replay;

import io.breachwatch.schema.CanonicalEvent;
import java.util.ArrayDeque;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Puts events back into event-time order with bounded memory. Zeek and CloudTrail files are written out of order;
 * live processing absorbs that within each rule's grace, but replay can do better: up to {@code capacity} events are
 * held and released earliest first, so any input smaller than the buffer is replayed fully sorted and larger inputs
 * are sorted within a sliding horizon of that many events. Ties keep input order, so replay is deterministic.
 *
 * <p>Most input is already in order (syslog, canonical JSON lines), so the held events are kept in two parts: a
 * queue of those that arrived in order (each no earlier than the one queued before it: the queue is sorted, and
 * adding or releasing costs O(1)) and a priority queue of the others. The earlier of the two heads is released; the
 * output is exactly that of one priority queue over all held events.
 */
final class ReorderBuffer {
    /** An event with its time unpacked (to the nanosecond, as Instant orders) and its input position. */
    private record Held(CanonicalEvent event, long seconds, int nanos, long sequence) {
        boolean before(Held other) {
            if (seconds != other.seconds) {
                return seconds < other.seconds;
            }
            return nanos != other.nanos ? nanos < other.nanos : sequence < other.sequence;
        }
    }

    private final ArrayDeque<Held> inOrder = new ArrayDeque<>();
    private final PriorityQueue<Held> outOfOrder = new PriorityQueue<>((a, b) -> a.before(b) ? -1 : b.before(a) ? 1
            : 0);
    private final int capacity;
    private final Consumer<CanonicalEvent> downstream;
    private long sequence;

    ReorderBuffer(int capacity, Consumer<CanonicalEvent> downstream) {
        this.capacity = Math.max(1, capacity);
        this.downstream = downstream;
    }

    void add(CanonicalEvent event) {
        Held held = new Held(event, event.timestamp().getEpochSecond(), event.timestamp().getNano(), sequence++);
        Held last = inOrder.peekLast();
        // A later sequence never sorts before an earlier one of the same time: "not before last" is "after last".
        if (last == null || !held.before(last)) {
            inOrder.addLast(held);
        } else {
            outOfOrder.add(held);
        }
        if (inOrder.size() + outOfOrder.size() > capacity) {
            downstream.accept(next().event());
        }
    }

    void drain() {
        while (!inOrder.isEmpty() || !outOfOrder.isEmpty()) {
            downstream.accept(next().event());
        }
    }

    private Held next() {
        Held a = inOrder.peekFirst();
        Held b = outOfOrder.peek();
        if (b == null || a != null && a.before(b)) {
            return inOrder.pollFirst();
        }
        return outOfOrder.poll();
    }
}
