package io.breachwatch.detector.replay;

import io.breachwatch.detector.simulate.SimulatedEvent;
import io.breachwatch.schema.CanonicalEvent;
import io.breachwatch.schema.EventType;
import io.breachwatch.schema.Topics;
import io.breachwatch.schema.json.EventJson;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The other sink of a replay: instead of the offline engine, each event goes to its input topic as a live producer
 * would have sent it, so a separate detector can process history through the real topology. Records carry the
 * event's own time as their timestamp and are keyed by the entity a producer keys by (source_ip for logins,
 * client_id for API calls, src_ip for flows; see {@link SimulatedEvent#of}), from an idempotent producer with
 * acks=all: each entity's events land in one partition in the order they were sent, which is the replay's
 * event-time order.
 */
public final class KafkaReplaySink implements Consumer<CanonicalEvent>, AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final Topics topics;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final Map<String, Long> sent = new TreeMap<>();
    private boolean closed;

    /** @param clientProperties Kafka client settings (bootstrap servers, security); producer safety is added here */
    public KafkaReplaySink(Map<String, Object> clientProperties, Topics topics) {
        this.producer = new KafkaProducer<>(producerProperties(clientProperties), new StringSerializer(),
                new ByteArraySerializer());
        this.topics = topics;
    }

    static Map<String, Object> producerProperties(Map<String, Object> clientProperties) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // Idempotence keeps per-partition order across retries with up to 5 requests in flight.
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 262_144);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "breachwatch-replay");
        return props;
    }

    /**
     * Creates those of {@code names} that do not exist yet (broker-default replication); returns the ones created.
     */
    public static List<String> createMissingTopics(Map<String, Object> clientProperties, Collection<String> names,
                                                   int partitions) throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(clientProperties)) {
            Set<String> existing = admin.listTopics().names().get();
            List<String> created = new ArrayList<>();
            for (String name : names) {
                if (existing.contains(name)) {
                    continue;
                }
                try {
                    // Replayed records carry their original timestamps, so a time-based retention would delete
                    // last month's events at the broker's next check, before the detector reads them: replay
                    // topics keep everything until the investigation deletes them.
                    admin.createTopics(List.of(new NewTopic(name, Optional.of(partitions), Optional.empty())
                            .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1")))).all().get();
                    created.add(name);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            return created;
        }
    }

    @Override
    public void accept(CanonicalEvent event) {
        Exception failed = failure.get();
        if (failed != null) {
            throw new IllegalStateException("publishing replayed events failed: " + failed.getMessage(), failed);
        }
        SimulatedEvent keyed = SimulatedEvent.of(event);
        String topic = topic(keyed.type());
        producer.send(new ProducerRecord<>(topic, null, keyed.epochMilli(), keyed.key(),
                EventJson.strict().write(event)), (metadata, exception) -> {
                    if (exception != null) {
                        failure.compareAndSet(null, exception);
                    }
                });
        sent.merge(topic, 1L, Long::sum);
    }

    private String topic(EventType type) {
        return type == EventType.AUTH ? topics.authEvents() : type == EventType.API ? topics.apiEvents()
                : topics.netEvents();
    }

    /** Records sent per topic (all acknowledged once {@link #close} returns without an exception). */
    public Map<String, Long> sent() {
        return Map.copyOf(sent);
    }

    /** Flushes and closes; throws if any record was not acknowledged. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            producer.flush();
        } finally {
            producer.close();
        }
        Exception failed = failure.get();
        if (failed != null) {
            throw new IllegalStateException("publishing replayed events failed: " + failed.getMessage(), failed);
        }
    }
}
