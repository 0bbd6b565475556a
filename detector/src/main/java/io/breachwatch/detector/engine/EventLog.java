package io.breachwatch.detector.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One entity's recent matching events for one rule, in event-time order, bounded. Each entry keeps only what the
 * aggregates and the evidence need: time, a label (the distinct/explained field's value), a weight (events it
 * stands for), a numeric value (for sums), whether it matched the rule's sub-filter, and one event id.
 *
 * <p>When full, the log makes room according to its {@link Overflow} policy, so memory per entity is fixed however
 * fast events arrive: counting logs merge their two oldest entries (totals stay exact, only the oldest time
 * blurs), distinct logs keep one entry per label, newest kept.
 */
final class EventLog {
    enum Overflow {
        /** Merge the two oldest entries: counts and sums stay exact. */
        MERGE_OLDEST,
        /** Keep only the newest entry per label: distinct counts stay exact up to the capacity. */
        ONE_PER_LABEL
    }

    record Entry(long time, String label, long weight, long value, boolean matched, String eventId) {
    }

    private final ArrayList<Entry> entries;
    private final int capacity;
    private final Overflow overflow;

    EventLog(int capacity, Overflow overflow) {
        this(capacity, overflow, new ArrayList<>());
    }

    EventLog(int capacity, Overflow overflow, List<Entry> entries) {
        this.capacity = capacity;
        this.overflow = overflow;
        this.entries = new ArrayList<>(entries);
    }

    List<Entry> entries() {
        return entries;
    }

    void add(Entry entry) {
        if (overflow == Overflow.ONE_PER_LABEL && entry.label() != null) {
            for (int i = entries.size() - 1; i >= 0; i--) {
                Entry existing = entries.get(i);
                if (entry.label().equals(existing.label())) {
                    if (existing.time() > entry.time()) {
                        return; // a newer sighting of the same label is already kept
                    }
                    entries.remove(i);
                    break;
                }
            }
        }
        int i = entries.size();
        while (i > 0 && entries.get(i - 1).time() > entry.time()) {
            i--;
        }
        entries.add(i, entry);
        if (entries.size() > capacity) {
            makeRoom();
        }
    }

    private void makeRoom() {
        if (overflow == Overflow.MERGE_OLDEST) {
            Entry a = entries.get(0);
            Entry b = entries.get(1);
            entries.set(1, new Entry(a.time(), a.label(), a.weight() + b.weight(), a.value() + b.value(),
                    a.matched() && b.matched(), a.eventId()));
            entries.remove(0);
        } else {
            entries.remove(0);
        }
    }

    void forgetBefore(long time) {
        int drop = firstAtOrAfter(time, 0);
        if (drop > 0) {
            entries.subList(0, drop).clear();
        }
    }

    /** Entries with time in [from, to], in order (a view). */
    List<Entry> between(long from, long to) {
        int start = firstAtOrAfter(from, 0);
        int end = to == Long.MAX_VALUE ? entries.size() : firstAtOrAfter(to + 1, start);
        return entries.subList(start, end);
    }

    /**
     * The index of the first entry at or after {@code time} (entries are in time order), searching from {@code low}:
     * a binary search, since a log may hold thousands of entries (a distinct count of 5,000 customers in an hour).
     */
    private int firstAtOrAfter(long time, int low) {
        int lo = low;
        int hi = entries.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (entries.get(mid).time() < time) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * The earliest-ending span of length {@code window} that satisfies {@code condition}, among spans ending at an
     * entry in [newTime, newTime + window] (an out-of-order arrival can complete a later span), or null.
     */
    List<Entry> firstQualifying(long newTime, long window, java.util.function.Predicate<List<Entry>> condition) {
        for (Entry end : between(newTime, newTime + window)) {
            List<Entry> span = between(end.time() - window, end.time());
            if (condition.test(span)) {
                return List.copyOf(span);
            }
        }
        return null;
    }

    static long weight(List<Entry> span) {
        long total = 0;
        for (Entry e : span) {
            total += e.weight();
        }
        return total;
    }

    static long sum(List<Entry> span) {
        long total = 0;
        for (Entry e : span) {
            total += e.value();
        }
        return total;
    }

    static long matchedWeight(List<Entry> span) {
        long total = 0;
        for (Entry e : span) {
            if (e.matched()) {
                total += e.weight();
            }
        }
        return total;
    }

    /** Entries that have a label (an upper bound of the distinct labels, exact when labels are unique). */
    static int labelled(List<Entry> span) {
        int n = 0;
        for (Entry e : span) {
            if (e.label() != null) {
                n++;
            }
        }
        return n;
    }

    /** Weight per label (null labels excluded). */
    static Map<String, Long> perLabel(List<Entry> span) {
        Map<String, Long> counts = new HashMap<>(Math.max(16, span.size() * 4 / 3 + 1));
        for (Entry e : span) {
            if (e.label() != null) {
                counts.merge(e.label(), e.weight(), Long::sum);
            }
        }
        return counts;
    }
}
