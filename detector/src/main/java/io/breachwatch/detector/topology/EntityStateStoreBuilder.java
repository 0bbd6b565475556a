package io.breachwatch.detector.topology;

import io.breachwatch.detector.engine.GroupDetector;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * Builds an {@link EntityStateStore} over a standard key-value store builder, whose name, changelog and logging
 * settings it keeps: the internal topic names, and so the state of a running deployment, do not change.
 * Kafka Streams' own byte cache stays off: the decoded-state cache above it does that job without re-encoding.
 */
final class EntityStateStoreBuilder implements StoreBuilder<EntityStateStore> {
    private final StoreBuilder<KeyValueStore<String, byte[]>> encoded;
    private final GroupDetector codec;
    private final int capacity;

    EntityStateStoreBuilder(StoreBuilder<KeyValueStore<String, byte[]>> encoded, GroupDetector codec, int capacity) {
        this.encoded = encoded.withCachingDisabled();
        this.codec = codec;
        this.capacity = capacity;
    }

    @Override
    public StoreBuilder<EntityStateStore> withCachingEnabled() {
        throw new UnsupportedOperationException("entity states are cached decoded; a byte cache would only copy");
    }

    @Override
    public StoreBuilder<EntityStateStore> withCachingDisabled() {
        return this;
    }

    @Override
    public StoreBuilder<EntityStateStore> withLoggingEnabled(Map<String, String> config) {
        encoded.withLoggingEnabled(config);
        return this;
    }

    @Override
    public StoreBuilder<EntityStateStore> withLoggingDisabled() {
        encoded.withLoggingDisabled();
        return this;
    }

    @Override
    public EntityStateStore build() {
        return new EntityStateStore(encoded.build(), codec, capacity);
    }

    @Override
    public Map<String, String> logConfig() {
        return encoded.logConfig();
    }

    @Override
    public boolean loggingEnabled() {
        return encoded.loggingEnabled();
    }

    @Override
    public String name() {
        return encoded.name();
    }
}
