package io.breachwatch.detector.page;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.ToLongFunction;
import org.apache.kafka.common.TopicPartition;

/**
 * One group's window at one destination: opened by the group's first record (its "leader", paged at once unless
 * the rate limit folded it), then collecting the group's records until it closes, when they become one page.
 *
 * <p>It remembers, per partition, the offset range of the records decided into it. That range (with the leader's
 * offset and the status) is what {@link WindowState} writes into the commit metadata, so that after a crash the
 * records read again are decided exactly as before and every page keeps its dedup key and its content.
 */
final class GroupWindow {
    /** Open (collecting), closed (its page pending), resolved (its page delivered or none needed). */
    enum Status {
        OPEN('O'), CLOSED('C'), RESOLVED('R');

        final char code;

        Status(char code) {
            this.code = code;
        }

        static Status of(char code) {
            for (Status s : values()) {
                if (s.code == code) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown window status " + code);
        }
    }

    private final long keyHash;
    /** Whole milliseconds, as {@link WindowState} stores it, so a restored window is the same window. */
    private final Instant start;
    private final Duration length;
    private Status status = Status.OPEN;
    private Long leaderIdentity;
    private TopicPartition leaderPartition;
    private long leaderOffset = -1;
    private boolean leaderResolved;
    private final Map<TopicPartition, long[]> ranges = new HashMap<>();
    /** For a window restored from commit metadata: the ranges of records decided into it before the restart. */
    private final Map<TopicPartition, long[]> restored = new HashMap<>();
    private final Map<TopicPartition, List<Long>> members = new HashMap<>();
    private WindowContent content;
    private boolean pageQueued;

    GroupWindow(long keyHash, Instant start, Duration length) {
        this.keyHash = keyHash;
        this.start = start;
        this.length = length;
    }

    long keyHash() {
        return keyHash;
    }

    Instant start() {
        return start;
    }

    Duration length() {
        return length;
    }

    Instant closeAt() {
        return start.plus(length);
    }

    Status status() {
        return status;
    }

    Long leaderIdentity() {
        return leaderIdentity;
    }

    TopicPartition leaderPartition() {
        return leaderPartition;
    }

    long leaderOffset() {
        return leaderOffset;
    }

    boolean leaderResolved() {
        return leaderResolved;
    }

    Map<TopicPartition, long[]> ranges() {
        return ranges;
    }

    WindowContent content() {
        return content;
    }

    boolean pageQueued() {
        return pageQueued;
    }

    void pageQueued(boolean queued) {
        this.pageQueued = queued;
    }

    void lead(InputRecord record) {
        leaderIdentity = record.identity();
        leaderPartition = record.partition();
        leaderOffset = record.offset();
        touch(record.partition(), record.offset());
    }

    /** Adds a folded record; returns whether it counts towards the page (not a repeat). */
    boolean fold(InputRecord record) {
        touch(record.partition(), record.offset());
        members.computeIfAbsent(record.partition(), p -> new ArrayList<>()).add(record.offset());
        if (content == null) {
            content = WindowContent.forRecord(record, leaderIdentity);
        }
        return content.add(record);
    }

    int counted() {
        return content == null ? 0 : content.size();
    }

    private void touch(TopicPartition partition, long offset) {
        long[] range = ranges.computeIfAbsent(partition, p -> new long[] {offset, offset});
        range[0] = Math.min(range[0], offset);
        range[1] = Math.max(range[1], offset);
    }

    void close() {
        if (status == Status.OPEN) {
            status = Status.CLOSED;
        }
    }

    void resolveLeader() {
        leaderResolved = true;
    }

    /** The input records its page stands for, per partition (for a dead letter). */
    java.util.List<PageDeadLetter.Source> sources() {
        java.util.List<PageDeadLetter.Source> out = new ArrayList<>();
        members.forEach((partition, offsets) -> out.add(new PageDeadLetter.Source(partition.topic(),
                partition.partition(), offsets.stream().mapToLong(Long::longValue).min().orElse(-1),
                offsets.stream().mapToLong(Long::longValue).max().orElse(-1), offsets.size())));
        out.sort(java.util.Comparator.comparing(PageDeadLetter.Source::topic)
                .thenComparingInt(PageDeadLetter.Source::partition));
        return out;
    }

    /** The window's page was delivered (or dead-lettered, or not needed): hands over its members to resolve. */
    void resolve(BiConsumer<TopicPartition, Long> resolver) {
        status = Status.RESOLVED;
        members.forEach((partition, offsets) -> offsets.forEach(offset -> resolver.accept(partition, offset)));
        members.clear();
        content = null;
    }

    // --- restoring -------------------------------------------------------------------------------------------

    /** Restores what one partition's commit metadata says about this window. */
    void restore(WindowState.Entry entry, TopicPartition partition) {
        // Partitions are committed together, so they agree; if they ever did not, the least advanced status wins: a
        // page delivered again under the same key, never one skipped.
        if (restored.isEmpty() || entry.status().ordinal() < status.ordinal()) {
            status = entry.status();
        }
        restored.put(partition, new long[] {entry.from(), entry.to()});
        touch(partition, entry.from());
        touch(partition, entry.to());
        if (entry.leaderIdentity() != null) {
            leaderIdentity = entry.leaderIdentity();
        }
        if (entry.leaderOffset() >= 0) {
            leaderPartition = partition;
            leaderOffset = entry.leaderOffset();
            leaderResolved = entry.leaderResolved();
        }
    }

    /** Whether the record at this position was decided into this window before a restart. */
    boolean decidedBefore(TopicPartition partition, long offset) {
        long[] range = restored.get(partition);
        return range != null && offset >= range[0] && offset <= range[1];
    }

    boolean isLeader(TopicPartition partition, long offset) {
        return partition.equals(leaderPartition) && offset == leaderOffset;
    }

    /**
     * Whether every record decided into it before a restart has been read again, so its page can be built.
     *
     * @param frontier per partition, the offset of the next record still to be decided
     */
    boolean complete(ToLongFunction<TopicPartition> frontier) {
        return restored.entrySet().stream().allMatch(e -> frontier.applyAsLong(e.getKey()) > e.getValue()[1]);
    }

    /** Whether nothing of this window can be read again and nothing is pending: it can be forgotten. */
    boolean forgettable(ToLongFunction<TopicPartition> committed) {
        return status == Status.RESOLVED && (leaderPartition == null || leaderResolved)
                && ranges.entrySet().stream().allMatch(e -> e.getValue()[1] < committed.applyAsLong(e.getKey()));
    }
}
