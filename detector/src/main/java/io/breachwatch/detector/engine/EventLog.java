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

    /**
     * One logged event. Labels and event ids longer than {@link BoundedText#MAX} are kept as a prefix and a digest:
     * distinct values stay distinct, and an attacker's 256-character values cannot blow an entity's state past the
     * size a changelog record may have.
     */
    record Entry(long time, String label, long weight, long value, boolean matched, String eventId) {
        Entry {
            label = BoundedText.of(label);
            eventId = BoundedText.of(eventId);
        }
    }

    /** A one-per-label log this long finds a label's entry through {@link #byLabel} rather than by a scan. */
    static final int INDEX_FROM = 32;

    private final ArrayList<Entry> entries;
    private final int capacity;
    private final Overflow overflow;
    /**
     * For a long one-per-label log (a distinct count of thousands of customers), each label's entry; null while the
     * log is short. Derived from {@link #entries}, never stored.
     */
    private Map<String, Entry> byLabel;
    /** Total weight, and weight of matched entries, of all entries: bounds of any span's, kept as entries change. */
    private long totalWeight;
    private long matchedTotal;

    EventLog(int capacity, Overflow overflow) {
        this(capacity, overflow, new ArrayList<>());
    }

    EventLog(int capacity, Overflow overflow, List<Entry> entries) {
        this.capacity = capacity;
        this.overflow = overflow;
        this.entries = new ArrayList<>(entries);
        for (Entry e : this.entries) {
            count(e, 1);
        }
    }

    private void count(Entry e, int sign) {
        totalWeight += sign * e.weight();
        if (e.matched()) {
            matchedTotal += sign * e.weight();
        }
    }

    /** The weight of all entries: no span weighs more. */
    long totalWeight() {
        return totalWeight;
    }

    /** The weight of all matched entries: no span's matched weight is more. */
    long matchedTotal() {
        return matchedTotal;
    }

    /** The entries, in time order; read-only for callers (the label index follows this class's changes only). */
    List<Entry> entries() {
        return entries;
    }

    void add(Entry entry) {
        if (overflow == Overflow.ONE_PER_LABEL && entry.label() != null) {
            int i = indexOfLabel(entry.label());
            if (i >= 0) {
                if (entries.get(i).time() > entry.time()) {
                    return; // a newer sighting of the same label is already kept
                }
                removeAt(i);
            }
        }
        int i = entries.size();
        while (i > 0 && entries.get(i - 1).time() > entry.time()) {
            i--;
        }
        entries.add(i, entry);
        count(entry, 1);
        if (byLabel != null && entry.label() != null) {
            byLabel.put(entry.label(), entry);
        } else if (byLabel == null && overflow == Overflow.ONE_PER_LABEL && entries.size() >= INDEX_FROM) {
            byLabel = new HashMap<>(entries.size() * 2);
            for (Entry e : entries) {
                if (e.label() != null) {
                    byLabel.put(e.label(), e);
                }
            }
        }
        if (entries.size() > capacity) {
            makeRoom();
        }
    }

    /**
     * The position of the (one) entry with this label in a one-per-label log, or -1: by the index when there is one
     * (a binary search to that entry's time, then along the entries of that same time), else by a scan.
     */
    private int indexOfLabel(String label) {
        if (byLabel == null) {
            for (int i = entries.size() - 1; i >= 0; i--) {
                if (label.equals(entries.get(i).label())) {
                    return i;
                }
            }
            return -1;
        }
        Entry existing = byLabel.get(label);
        if (existing == null) {
            return -1;
        }
        for (int i = firstAtOrAfter(existing.time(), 0); i < entries.size(); i++) {
            if (entries.get(i) == existing) {
                return i;
            }
        }
        throw new IllegalStateException("label index out of step with the log");
    }

    private void removeAt(int i) {
        Entry removed = entries.remove(i);
        count(removed, -1);
        if (byLabel != null && removed.label() != null) {
            byLabel.remove(removed.label(), removed);
        }
    }

    private void makeRoom() {
        if (overflow == Overflow.MERGE_OLDEST) {
            Entry a = entries.get(0);
            Entry b = entries.get(1);
            Entry merged = new Entry(a.time(), a.label(), a.weight() + b.weight(), a.value() + b.value(),
                    a.matched() && b.matched(), a.eventId());
            count(a, -1);
            count(b, -1);
            count(merged, 1);
            entries.set(1, merged);
            entries.remove(0);
        } else {
            removeAt(0);
        }
    }

    void forgetBefore(long time) {
        int drop = firstAtOrAfter(time, 0);
        for (Entry e : entries.subList(0, drop)) {
            count(e, -1);
            if (byLabel != null && e.label() != null) {
                byLabel.remove(e.label(), e);
            }
        }
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
