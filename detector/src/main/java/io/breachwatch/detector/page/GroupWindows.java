package io.breachwatch.detector.page;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.ToLongFunction;
import org.apache.kafka.common.TopicPartition;

/**
 * Decides, record by record, what one destination pages: the first record of a group (a rule and entity kind, or
 * an incident) pages at once and opens the group's window; the group's records until the window closes are folded
 * into one page at its end. An alert that would open a window while the rate limit has no token is folded too (the
 * window then has no leader). Time is an explicit parameter, so tests drive it.
 *
 * <p>At most {@link #MAX_TRACKED} windows are tracked at once (open, pending, or remembered until their records are
 * committed): that bounds memory and keeps the state that rides in the commit metadata under Kafka's 4 KiB limit.
 * A record that needs a new window beyond that is {@link Decision.Blocked}: the bridge stops reading until
 * deliveries free a slot, it never drops it.
 */
final class GroupWindows {
    static final int MAX_TRACKED = 40;

    /** Why a record was folded: a metric label value. */
    enum FoldCause {
        GROUPED, RATE_LIMITED, WINDOW_FULL,
        /** Read again after a restart and folded as before (not a new fold: not counted in metrics). */
        REPLAYED;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** What to do with one record. */
    sealed interface Decision {
        /** Page it now (a leader). {@code again}: decided before a restart, its page not yet delivered. */
        record Lead(GroupWindow window, Page page, boolean again) implements Decision {
        }

        /** Folded into the window's page; resolved when that page is. */
        record Folded(GroupWindow window, FoldCause cause, boolean counted) implements Decision {
        }

        /** Already delivered before a restart: nothing to do. */
        record Done() implements Decision {
        }

        /** No room for another window now; decide it again later. */
        record Blocked() implements Decision {
        }
    }

    private final Duration length;
    private final int maxWindowRecords;
    private final List<GroupWindow> tracked = new ArrayList<>();
    private final Map<Long, GroupWindow> open = new HashMap<>();
    /** Latest window start per group, so that two windows of a group never share a start (and a dedup key). */
    private final Map<Long, Instant> lastStart = new HashMap<>();

    GroupWindows(Duration length, int maxWindowRecords) {
        this.length = length;
        this.maxWindowRecords = maxWindowRecords;
    }

    List<GroupWindow> tracked() {
        return tracked;
    }

    /**
     * @param token takes a rate-limit token for an alert that would page on its own
     */
    Decision decide(InputRecord record, Instant now, BooleanSupplier token) {
        long key = SummaryBuilder.hash(record.groupKey());
        for (GroupWindow window : tracked) {
            if (window.keyHash() == key && window.decidedBefore(record.partition(), record.offset())) {
                return replay(window, record);
            }
        }
        GroupWindow window = open.get(key);
        boolean continuation = false;
        if (window != null && !now.isBefore(window.closeAt())) {
            close(window);
            window = null;
        } else if (window != null && window.counted() >= maxWindowRecords) {
            // Bounds a summary's size; the next window goes on folding (its first record is not a new "first").
            close(window);
            window = null;
            continuation = true;
        }
        if (window != null) {
            return new Decision.Folded(window, FoldCause.GROUPED, window.fold(record));
        }
        if (tracked.size() >= MAX_TRACKED) {
            return new Decision.Blocked();
        }
        // The start is part of the summary and the commit metadata keeps it in milliseconds: a start finer than
        // that (the system clock ticks in microseconds) would come back different after a restart, and the same
        // dedup key would carry another page. Two windows of a group within one millisecond still get two keys.
        Instant at = now.truncatedTo(ChronoUnit.MILLIS);
        Instant previous = lastStart.get(key);
        Instant start = previous != null && !at.isAfter(previous) ? previous.plusMillis(1) : at;
        window = new GroupWindow(key, start, length);
        tracked.add(window);
        open.put(key, window);
        lastStart.put(key, start);
        if (continuation) {
            return new Decision.Folded(window, FoldCause.WINDOW_FULL, window.fold(record));
        }
        if (record.incident() != null || token.getAsBoolean()) {
            window.lead(record);
            return new Decision.Lead(window, record.page(), false);
        }
        return new Decision.Folded(window, FoldCause.RATE_LIMITED, window.fold(record));
    }

    private static Decision replay(GroupWindow window, InputRecord record) {
        if (window.isLeader(record.partition(), record.offset())) {
            return window.leaderResolved() ? new Decision.Done() : new Decision.Lead(window, record.page(), true);
        }
        if (window.status() == GroupWindow.Status.RESOLVED) {
            return new Decision.Done();
        }
        return new Decision.Folded(window, FoldCause.REPLAYED, window.fold(record));
    }

    /** Closes the windows whose time is up. */
    void closeDue(Instant now) {
        for (GroupWindow window : List.copyOf(open.values())) {
            if (!now.isBefore(window.closeAt())) {
                close(window);
            }
        }
    }

    private void close(GroupWindow window) {
        window.close();
        open.remove(window.keyHash(), window);
    }

    /** Closed windows whose page can now be built: every record decided into them has been read. */
    List<GroupWindow> ready(ToLongFunction<TopicPartition> frontier) {
        List<GroupWindow> out = new ArrayList<>();
        for (GroupWindow window : tracked) {
            if (window.status() == GroupWindow.Status.CLOSED && !window.pageQueued() && window.complete(frontier)) {
                out.add(window);
            }
        }
        return out;
    }

    /** Forgets windows that are done and whose records are all below the committed offsets. */
    void forget(ToLongFunction<TopicPartition> committed) {
        tracked.removeIf(window -> window.forgettable(committed));
    }

    /** Rebuilds the windows recorded in the commit metadata of the assigned partitions. */
    void restore(Map<TopicPartition, List<WindowState.Entry>> state) {
        Map<String, GroupWindow> byId = new HashMap<>();
        Map<String, GroupWindow> known = new HashMap<>();
        tracked.forEach(w -> known.put(w.keyHash() + "@" + w.start().toEpochMilli(), w));
        state.forEach((partition, entries) -> {
            for (WindowState.Entry entry : entries) {
                GroupWindow existing = known.get(entry.keyHash() + "@" + entry.start().toEpochMilli());
                if (existing != null) {
                    existing.restore(entry, partition);
                    continue;
                }
                GroupWindow window = byId.computeIfAbsent(entry.keyHash() + "@" + entry.start().toEpochMilli(),
                        id -> new GroupWindow(entry.keyHash(), entry.start(), length));
                window.restore(entry, partition);
            }
        });
        for (GroupWindow window : byId.values()) {
            tracked.add(window);
            Instant previous = lastStart.get(window.keyHash());
            if (previous == null || window.start().isAfter(previous)) {
                lastStart.put(window.keyHash(), window.start());
            }
            if (window.status() == GroupWindow.Status.OPEN) {
                GroupWindow other = open.get(window.keyHash());
                if (other == null || window.start().isAfter(other.start())) {
                    if (other != null) {
                        other.close();
                    }
                    open.put(window.keyHash(), window);
                } else {
                    window.close();
                }
            }
        }
        tracked.sort(java.util.Comparator.comparing(GroupWindow::start));
    }
}
