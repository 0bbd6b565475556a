package io.breachwatch.detector.replay;

import io.breachwatch.schema.CanonicalEvent;
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
    /** An out-of-order event with its time unpacked (to the nanosecond, as Instant orders) and input position. */
    private record Held(CanonicalEvent event, long seconds, int nanos, long sequence) {
        boolean before(Held other) {
            return ReorderBuffer.before(seconds, nanos, sequence, other.seconds, other.nanos, other.sequence);
        }
    }

    /**
     * The in-order part as a ring of parallel arrays rather than one object per event: replay holds a million events
     * here, and a wrapper each was a million more objects for every young collection to copy.
     */
    private CanonicalEvent[] events = new CanonicalEvent[16];
    private long[] seconds = new long[16];
    private int[] nanos = new int[16];
    private long[] sequences = new long[16];
    private int head;
    private int size;

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
        long s = event.timestamp().getEpochSecond();
        int n = event.timestamp().getNano();
        long q = sequence++;
        int last = (head + size - 1) & (events.length - 1);
        // A later sequence never sorts before an earlier one of the same time: "not before last" is "after last".
        if (size == 0 || !before(s, n, q, seconds[last], nanos[last], sequences[last])) {
            append(event, s, n, q);
        } else {
            outOfOrder.add(new Held(event, s, n, q));
        }
        if (size + outOfOrder.size() > capacity) {
            downstream.accept(next());
        }
    }

    void drain() {
        while (size > 0 || !outOfOrder.isEmpty()) {
            downstream.accept(next());
        }
    }

    private CanonicalEvent next() {
        Held b = outOfOrder.peek();
        if (b == null || size > 0 && before(seconds[head], nanos[head], sequences[head], b.seconds, b.nanos,
                b.sequence)) {
            CanonicalEvent event = events[head];
            events[head] = null;
            head = (head + 1) & (events.length - 1);
            size--;
            return event;
        }
        return outOfOrder.poll().event();
    }

    private void append(CanonicalEvent event, long s, int n, long q) {
        if (size == events.length) {
            grow();
        }
        int tail = (head + size) & (events.length - 1);
        events[tail] = event;
        seconds[tail] = s;
        nanos[tail] = n;
        sequences[tail] = q;
        size++;
    }

    /** Doubles the ring (a power of two, so positions wrap with a mask), oldest first at index 0. */
    private void grow() {
        int length = events.length * 2;
        CanonicalEvent[] e = new CanonicalEvent[length];
        long[] s = new long[length];
        int[] n = new int[length];
        long[] q = new long[length];
        for (int i = 0; i < size; i++) {
            int from = (head + i) & (events.length - 1);
            e[i] = events[from];
            s[i] = seconds[from];
            n[i] = nanos[from];
            q[i] = sequences[from];
        }
        events = e;
        seconds = s;
        nanos = n;
        sequences = q;
        head = 0;
    }

    private static boolean before(long s1, int n1, long q1, long s2, int n2, long q2) {
        if (s1 != s2) {
            return s1 < s2;
        }
        return n1 != n2 ? n1 < n2 : q1 < q2;
    }
}
