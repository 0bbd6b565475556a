package io.breachwatch.detector.app;

import io.breachwatch.schema.Topic;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Reads an output topic (alerts, incidents) from the beginning with {@code read_committed}, so only records of
 * committed exactly-once transactions are seen (never one that a crashed instance will redo), and hands each to a
 * callback.
 */
public final class AlertTail<T> implements AutoCloseable {
    private final KafkaConsumer<String, T> consumer;

    public AlertTail(Map<String, Object> clientProperties, Topic<String, T> topic) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "breachwatch-alert-tail-" + UUID.randomUUID());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumer = new KafkaConsumer<>(props, topic.keySerde().deserializer(), topic.valueSerde().deserializer());
        consumer.subscribe(List.of(topic.name()));
    }

    /** Polls once, up to {@code timeout}, and returns how many records were handed over. */
    public int poll(Duration timeout, Consumer<T> onAlert) {
        int n = 0;
        for (ConsumerRecord<String, T> record : consumer.poll(timeout)) {
            onAlert.accept(record.value());
            n++;
        }
        return n;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
