package io.breachwatch.detector.topology;

import io.breachwatch.detector.config.DetectorConfig;
import io.breachwatch.detector.engine.EntityState;
import io.breachwatch.detector.engine.GroupDetector;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * One rule group's entity states: a changelogged RocksDB store of encoded states underneath, and above it a bounded
 * cache of decoded, mutable {@link EntityState}s that is written down once per commit instead of once per event.
 *
 * <p>Why: an entity's state holds its rules' event logs, so encoding and decoding it (and sending it to the
 * changelog) on every event made the cost of an event grow with the entity's activity; hot entities (a vendor's
 * API client, the platform) dominated the profile. Kafka Streams flushes this cache through {@link #flushCache()}
 * before it flushes the producer and commits the transaction, exactly like its own record caches, so every state
 * change of an event whose offset is committed is in the same transaction; a task closed dirty drops the cache
 * ({@link #clearCache()}) with its uncommitted changes, as exactly-once requires.
 */
final class EntityStateStore extends WrappedStateStore<KeyValueStore<String, byte[]>, String, byte[]> {
    /** Decoded entities kept per store instance (one per task); the least recently used is written down first. */
    static final int CACHED_ENTITIES = 10_000;

    private final GroupDetector codec;
    private final int capacity;
    private final LinkedHashMap<String, Cached> cache = new LinkedHashMap<>(1024, 0.75f, true);
    /** Entities held, kept exact (RocksDB's own estimate counts every overwrite until compaction); -1: not counted. */
    private long entities = -1;

    private static final class Cached {
        final EntityState state;
        boolean dirty;

        Cached(EntityState state) {
            this.state = state;
        }
    }

    EntityStateStore(KeyValueStore<String, byte[]> encoded, GroupDetector codec, int capacity) {
        super(encoded);
        this.codec = codec;
        this.capacity = capacity;
    }

    static StoreBuilder<EntityStateStore> builder(String name, GroupDetector codec) {
        return new EntityStateStoreBuilder(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name),
                Serdes.String(), Serdes.ByteArray()).withLoggingEnabled(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                Integer.toString(DetectorConfig.MAX_STATE_BYTES))), codec, CACHED_ENTITIES);
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        cache.clear();
        entities = -1;
        super.init(context, root);
    }

    /** Entities held; the first call, after restoration, counts them with one scan. */
    long entities() {
        if (entities < 0) {
            writeDirty();
            long n = 0;
            try (KeyValueIterator<String, byte[]> all = wrapped().all()) {
                for (; all.hasNext(); all.next()) {
                    n++;
                }
            }
            entities = n;
        }
        return entities;
    }

    /** The entity's state, decoded once and then kept; a new empty state when the entity is unknown. */
    EntityState get(String key) {
        Cached cached = cache.get(key);
        if (cached == null) {
            byte[] encoded = wrapped().get(key);
            if (encoded == null && entities >= 0) {
                entities++;
            }
            cached = new Cached(encoded == null ? new EntityState() : codec.read(encoded));
            cache.put(key, cached);
            evictBeyondCapacity();
        }
        return cached.state;
    }

    /** Records that the state returned by {@link #get} was changed: it is written down by the next commit. */
    void changed(String key) {
        Cached cached = cache.get(key);
        if (cached == null) {
            throw new IllegalStateException("changed() for an entity that was not read through get()");
        }
        cached.dirty = true;
    }

    /**
     * Deletes every entity, cached or not, whose state has expired at {@code streamTime} by its group's test. An
     * entity that is not cached is judged by its newest event time alone, without decoding its state.
     */
    void deleteExpired(long streamTime) {
        writeDirty();
        List<String> doomed = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = wrapped().all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                Cached cached = cache.get(entry.key);
                if (cached != null ? codec.expired(cached.state, streamTime) : codec.expired(entry.value, streamTime)) {
                    doomed.add(entry.key);
                }
            }
        }
        for (String key : doomed) {
            cache.remove(key);
            wrapped().delete(key);
        }
        if (entities >= 0) {
            entities -= doomed.size();
        }
    }

    @Override
    public void flushCache() {
        writeDirty();
        super.flushCache();
    }

    @Override
    public void clearCache() {
        cache.clear();
        entities = -1;
        super.clearCache();
    }

    @Override
    public void close() {
        cache.clear();
        super.close();
    }

    private void writeDirty() {
        for (Map.Entry<String, Cached> e : cache.entrySet()) {
            writeDown(e.getKey(), e.getValue());
        }
    }

    private void writeDown(String key, Cached cached) {
        if (cached.dirty) {
            wrapped().put(key, codec.write(cached.state));
            cached.dirty = false;
        }
    }

    private void evictBeyondCapacity() {
        Iterator<Map.Entry<String, Cached>> eldest = cache.entrySet().iterator();
        while (cache.size() > capacity && eldest.hasNext()) {
            Map.Entry<String, Cached> e = eldest.next();
            writeDown(e.getKey(), e.getValue());
            eldest.remove();
        }
    }
}
