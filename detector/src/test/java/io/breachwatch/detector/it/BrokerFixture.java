package io.breachwatch.detector.it;

import io.breachwatch.detector.config.ConfigSources;
import io.breachwatch.detector.config.DetectorConfig;
import io.breachwatch.detector.local.LocalKafka;
import io.breachwatch.schema.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StreamsConfig;

/** Helpers for tests against the real local broker: isolated topic names and application ids, condition waits. */
final class BrokerFixture {
    private BrokerFixture() {
    }

    /** A detector config with its own topics and application id on {@code kafka}, so tests never see each other. */
    static DetectorConfig isolatedConfig(LocalKafka kafka, String name) throws java.io.IOException {
        return isolatedConfig(kafka, name, DetectorConfig.defaults().partitions());
    }

    /** As {@link #isolatedConfig(LocalKafka, String)}, with topics of {@code partitions} partitions. */
    static DetectorConfig isolatedConfig(LocalKafka kafka, String name, int partitions) throws java.io.IOException {
        String suffix = uniqueSuffix(name);
        Path state = Files.createTempDirectory("bw-it-state");
        Map<String, String> overrides = new HashMap<>();
        overrides.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        overrides.put(StreamsConfig.APPLICATION_ID_CONFIG, "bw-it-" + suffix);
        overrides.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        overrides.putAll(suffixedTopics(suffix));
        overrides.put(DetectorConfig.PARTITIONS, Integer.toString(partitions));
        DetectorConfig config = ConfigSources.defaults().withOverrides(overrides).build();
        kafka.createTopics(config.topics().all().stream()
                .collect(Collectors.toMap(Function.identity(), topic -> config.partitions())));
        return config;
    }

    /** {@code name} and eight random hex digits: a name no earlier run on the same broker has used. */
    static String uniqueSuffix(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Settings that name every topic of the detector {@code <default name>.<suffix>} (e.g.
     * {@code breachwatch.events.auth.logins-1a2b3c4d}), in the order {@link Topics} lists them.
     */
    static Map<String, String> suffixedTopics(String suffix) {
        Topics t = Topics.DEFAULT;
        Map<String, String> topics = new LinkedHashMap<>();
        topics.put(DetectorConfig.TOPIC_AUTH, t.authEvents() + "." + suffix);
        topics.put(DetectorConfig.TOPIC_API, t.apiEvents() + "." + suffix);
        topics.put(DetectorConfig.TOPIC_NET, t.netEvents() + "." + suffix);
        topics.put(DetectorConfig.TOPIC_ALERTS, t.alerts() + "." + suffix);
        topics.put(DetectorConfig.TOPIC_INCIDENTS, t.incidents() + "." + suffix);
        topics.put(DetectorConfig.TOPIC_DEAD_LETTERS, t.deadLetters() + "." + suffix);
        return topics;
    }

    /** Waits (polling, bounded) until {@code condition} holds. */
    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    /** Whether the application's consumer group has committed up to the end of every partition of {@code topics}. */
    static boolean caughtUp(Admin admin, String applicationId, List<String> topics) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
                    .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> request = admin.describeTopics(topics).allTopicNames().get().values()
                    .stream().flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                    .collect(Collectors.toMap(Function.identity(), tp -> OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(request).all().get();
            return ends.entrySet().stream().allMatch(end -> {
                OffsetAndMetadata c = committed.get(end.getKey());
                // Committed offsets are positions, which step over transaction markers on internal topics.
                return end.getValue().offset() == 0 || (c != null && c.offset() >= end.getValue().offset());
            });
        } catch (Exception e) {
            return false;
        }
    }

    /** Everything on a topic as of now, through read_committed: what a pager or an analyst would see. */
    static <T> List<T> readCommitted(String topic, DetectorConfig config, Class<T> type) {
        Map<String, Object> props = new HashMap<>(config.clientProperties());
        props.put(org.apache.kafka.clients.consumer.ConsumerConfig.GROUP_ID_CONFIG, "it-reader-" + UUID.randomUUID());
        props.put(org.apache.kafka.clients.consumer.ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // Dead letters and incidents may exceed the 64 KiB event limit; read everything with the larger one.
        io.breachwatch.schema.json.JsonSerde<T> serde = new io.breachwatch.schema.json.JsonSerde<>(type,
                new io.breachwatch.schema.json.EventJson(io.breachwatch.schema.json.JsonLimits.INCIDENTS));
        List<T> out = new java.util.ArrayList<>();
        try (org.apache.kafka.clients.consumer.KafkaConsumer<String, T> consumer =
                     new org.apache.kafka.clients.consumer.KafkaConsumer<>(props,
                             new org.apache.kafka.common.serialization.StringDeserializer(), serde.deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))
                    && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> out.add(record.value()));
            }
            // A partial read would look like a missed detection: fail as what it is.
            for (TopicPartition tp : partitions) {
                if (consumer.position(tp) < end.get(tp)) {
                    throw new AssertionError("read_committed of " + tp + " stopped at " + consumer.position(tp)
                            + " of " + end.get(tp) + " after 30 s");
                }
            }
        }
        return out;
    }
}
