package io.breachwatch.detector.app;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StandbyUpdateListener;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.apache.kafka.streams.processor.TaskId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs how detection state comes back after a restart or a failover: one line when a store partition starts
 * restoring from its changelog (how many records it must read), one when it is done (records and time), one when
 * this instance starts keeping a standby replica of a store partition, and one when a standby is promoted to active
 * (how far behind the changelog it was) or moves away. A detector that is not ready
 * for minutes after a crash is usually restoring a big store without a standby; these lines say which and how big.
 *
 * <p>Only store names, partitions, offsets and counts are logged, never keys or values. Kafka Streams calls the
 * restore callbacks from its state-updater thread and the standby callbacks from the stream threads, so the
 * per-partition start times live in a concurrent map.
 */
final class StateRestoreLog implements StateRestoreListener, StandbyUpdateListener {
    private static final Logger LOG = LoggerFactory.getLogger(StateRestoreLog.class);

    private final Map<TopicPartition, Long> startNanos = new ConcurrentHashMap<>();

    @Override
    public void onRestoreStart(TopicPartition changelog, String store, long startingOffset, long endingOffset) {
        startNanos.put(changelog, System.nanoTime());
        LOG.info("Restoring {} partition {} from its changelog: up to {} records (offsets {} to {})", store,
                changelog.partition(), Math.max(0, endingOffset - startingOffset), startingOffset, endingOffset);
    }

    @Override
    public void onBatchRestored(TopicPartition changelog, String store, long batchEndOffset, long restored) {
        // Per batch: too frequent for a log line; the end of the restoration sums it up.
    }

    @Override
    public void onRestoreEnd(TopicPartition changelog, String store, long totalRestored) {
        LOG.info("Restored {} partition {}: {} records in {} ms", store, changelog.partition(), totalRestored,
                elapsedMillis(changelog));
    }

    @Override
    public void onRestoreSuspended(TopicPartition changelog, String store, long totalRestored) {
        LOG.info("Restoring {} partition {} suspended after {} records in {} ms: the task moved to another instance",
                store, changelog.partition(), totalRestored, elapsedMillis(changelog));
    }

    @Override
    public void onUpdateStart(TopicPartition changelog, String store, long startingOffset) {
        LOG.info("Standby of {} partition {} starts at changelog offset {}", store, changelog.partition(),
                startingOffset);
    }

    @Override
    public void onBatchLoaded(TopicPartition changelog, String store, TaskId task, long batchEndOffset,
                              long batchSize, long currentEndOffset) {
        // Standbys load continuously; nothing worth a line until one is promoted or moved.
    }

    @Override
    public void onUpdateSuspended(TopicPartition changelog, String store, long storeOffset, long currentEndOffset,
                                  SuspendReason reason) {
        String what = reason == SuspendReason.PROMOTED ? "promoted to active" : "moved to another instance";
        LOG.info("Standby of {} partition {} {} at changelog offset {}, {} records behind its end", store,
                changelog.partition(), what, storeOffset, Math.max(0, currentEndOffset - storeOffset));
    }

    private long elapsedMillis(TopicPartition changelog) {
        Long start = startNanos.remove(changelog);
        return start == null ? 0 : Duration.ofNanos(System.nanoTime() - start).toMillis();
    }
}
