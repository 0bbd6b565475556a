package io.breachwatch.bench.live;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Whether a Kafka Streams application has finished a backlog: its consumer group has committed, on every partition
 * of the input topics and of its own repartition topics, up to the partition's end offset. Under exactly-once a
 * commit is the transaction that also holds the outputs of what was read, so this is "everything processed and its
 * results readable". The same check as the integration tests' {@code BrokerFixture.caughtUp}.
 */
final class CatchUp {
    private static final long CALL_TIMEOUT_MS = 10_000;

    private CatchUp() {
    }

    /** The inputs followed by the application's repartition topics (which exist once the client has started). */
    static List<String> consumedTopics(Admin admin, String applicationId, List<String> inputs) throws Exception {
        List<String> consumed = new ArrayList<>(inputs);
        admin.listTopics().names().get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS).stream()
                .filter(t -> t.startsWith(applicationId + "-") && t.endsWith("-repartition"))
                .sorted().forEach(consumed::add);
        return consumed;
    }

    /** Records not yet committed, summed over the partitions of {@code topics}; 0 when caught up. */
    static long lag(Admin admin, String applicationId, List<String> topics)
            throws InterruptedException, ExecutionException, TimeoutException {
        // Committed offsets first, end offsets second: a partition that grows in between reads as behind, never
        // as done too early.
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
                .partitionsToOffsetAndMetadata().get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetSpec> request = admin.describeTopics(topics).allTopicNames()
                .get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS).values().stream()
                .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                .collect(Collectors.toMap(Function.identity(), tp -> OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(request).all()
                .get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        long lag = 0;
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end : ends.entrySet()) {
            OffsetAndMetadata c = committed.get(end.getKey());
            // Committed offsets are positions: past the last record and, on internal topics, past the final
            // transaction marker, so ">=" and never "==".
            long position = c == null ? 0 : c.offset();
            lag += Math.max(0, end.getValue().offset() - position);
        }
        return lag;
    }
}
