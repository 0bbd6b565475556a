package io.breachwatch.detector.page;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;

/**
 * Which records of each partition are still owed a delivery: a record is registered when it is read and resolved
 * when everything it takes part in has been accepted by the destination (its own page, its window's summary, or a
 * dead letter). The offset to commit is the first unresolved one, so a restart reads again exactly what may not have
 * been delivered, and never skips anything that was not.
 */
final class OffsetLedger {
    private final Map<TopicPartition, TreeSet<Long>> unresolved = new HashMap<>();
    private final Map<TopicPartition, Long> next = new HashMap<>();
    private int size;

    /** Where reading of a partition starts (its committed offset, or the reset position). */
    void start(TopicPartition partition, long offset) {
        next.put(partition, offset);
        unresolved.put(partition, new TreeSet<>());
    }

    boolean tracks(TopicPartition partition) {
        return next.containsKey(partition);
    }

    void register(TopicPartition partition, long offset) {
        if (unresolved.computeIfAbsent(partition, p -> new TreeSet<>()).add(offset)) {
            size++;
        }
        next.merge(partition, offset + 1, Math::max);
    }

    /** The consumer's position moved on without records (transaction markers): nothing before it is owed. */
    void advance(TopicPartition partition, long position) {
        next.merge(partition, position, Math::max);
    }

    void resolve(TopicPartition partition, long offset) {
        TreeSet<Long> offsets = unresolved.get(partition);
        if (offsets != null && offsets.remove(offset)) {
            size--;
        }
    }

    /** The offset to commit: the first record not yet resolved, or the next to read when all are. */
    long committable(TopicPartition partition) {
        TreeSet<Long> offsets = unresolved.get(partition);
        Long nextOffset = next.get(partition);
        if (offsets != null && !offsets.isEmpty()) {
            return offsets.first();
        }
        return nextOffset == null ? 0 : nextOffset;
    }

    /** Records read and not yet resolved, over all partitions. */
    int unresolved() {
        return size;
    }
}
