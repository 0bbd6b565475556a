package io.breachwatch.detector.page;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Kafka's MockConsumer over an in-memory log that outlives it, like a topic outlives a crashed consumer: a new
 * instance starts from the offsets (and metadata) the previous one committed, hands out at most {@code perPoll}
 * records per partition and poll (or a random part of them, as fetches do), and can fail commits or die at one on
 * demand. Not a broker: the broker is in PagerBridgeIT.
 */
final class LogConsumer extends MockConsumer<byte[], byte[]> {
    private final Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> log;
    private final Map<TopicPartition, Long> fed = new HashMap<>();
    private final int perPoll;
    private final BooleanSupplier commitFails;
    private BooleanSupplier dies = () -> false;
    private Random partial;
    /** Kept here, not in MockConsumer, which forgets its commits on every assign(). */
    private final Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
    private int failedCommits;

    LogConsumer(Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> log,
                Map<TopicPartition, OffsetAndMetadata> committed, int perPoll, BooleanSupplier commitFails) {
        super("earliest");
        this.log = log;
        this.perPoll = perPoll;
        this.commitFails = commitFails;
        Node node = new Node(0, "127.0.0.1", 9092);
        log.keySet().stream().collect(Collectors.groupingBy(TopicPartition::topic)).forEach((topic, partitions) ->
                updatePartitions(topic, partitions.stream().map(p -> new PartitionInfo(topic, p.partition(), node,
                        new Node[] {node}, new Node[] {node})).toList()));
        updateBeginningOffsets(log.keySet().stream().collect(Collectors.toMap(p -> p, p -> 0L)));
        updateEndOffsets(log.keySet().stream().collect(Collectors.toMap(p -> p, p -> (long) log.get(p).size())));
        this.committed.putAll(committed);
    }

    @Override
    public synchronized ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
        for (TopicPartition partition : assignment()) {
            if (paused().contains(partition)) {
                continue;
            }
            List<ConsumerRecord<byte[], byte[]>> records = log.get(partition);
            long from = Math.max(fed.getOrDefault(partition, 0L), position(partition));
            long to = Math.min(records.size(), from + (partial == null ? perPoll : partial.nextInt(perPoll + 1)));
            for (long offset = from; offset < to; offset++) {
                addRecord(records.get((int) offset));
            }
            fed.put(partition, Math.max(from, to));
        }
        return super.poll(timeout);
    }

    /** The process dies (an Error the lane does not catch) at a commit for which {@code dies} says so. */
    LogConsumer dyingAt(BooleanSupplier dies) {
        this.dies = dies;
        return this;
    }

    /** Each poll hands out a random number (0 to perPoll) of each partition's next records, as fetches do. */
    LogConsumer partialPolls(Random random) {
        this.partial = random;
        return this;
    }

    /** A simulated kill -9. */
    static final class Killed extends Error {
        Killed() {
            super("killed at a commit", null, false, false);
        }
    }

    @Override
    public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
        if (dies.getAsBoolean()) {
            throw new Killed();
        }
        if (commitFails.getAsBoolean()) {
            failedCommits++;
            throw new org.apache.kafka.common.errors.TimeoutException("injected commit failure");
        }
        committed.putAll(offsets);
    }

    @Override
    public synchronized Map<TopicPartition, OffsetAndMetadata> committed(java.util.Set<TopicPartition> partitions,
                                                                        Duration timeout) {
        return committed(partitions);
    }

    @Override
    public synchronized Map<TopicPartition, OffsetAndMetadata> committed(java.util.Set<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        partitions.forEach(p -> {
            if (committed.containsKey(p)) {
                out.put(p, committed.get(p));
            }
        });
        return out;
    }

    int failedCommits() {
        return failedCommits;
    }

    /** Whether everything in the log is committed. */
    boolean allCommitted() {
        return log.keySet().stream().allMatch(p -> committed.get(p) != null
                && committed.get(p).offset() == log.get(p).size());
    }
}
