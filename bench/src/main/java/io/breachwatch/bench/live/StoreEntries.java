package io.breachwatch.bench.live;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.internals.StateStoreProvider;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * Exact entry counts of a running client's key-value stores, by store, summed over tasks. RocksDB's own
 * {@code estimate-num-keys} counts every overwrite until compaction (the detector rewrites an entity's state at every
 * commit, so the estimate climbs far above the entities held), and the detector's entity stores are not of a type
 * the standard interactive queries accept; so this reaches each task's store through interactive queries with a
 * store type that accepts any store, and scans the key-value store underneath. The scan reads RocksDB, so entities
 * still only in the detector's per-commit cache (written down within one commit interval) are not counted.
 */
final class StoreEntries {
    private StoreEntries() {
    }

    /** Entries per store in {@code stores}; -1 for a store that is not a key-value store underneath (windows). */
    static Map<String, Long> count(KafkaStreams streams, Set<String> stores) {
        Map<String, Long> entries = new TreeMap<>();
        for (String store : stores) {
            long total = 0;
            try {
                for (Object instance : streams.store(StoreQueryParameters.fromNameAndType(store, new AnyStore()))) {
                    long n = count((StateStore) instance);
                    if (n < 0) {
                        total = -1;
                        break;
                    }
                    total += n;
                }
            } catch (RuntimeException e) {
                total = -1; // not queryable now (rebalancing): no figure rather than a wrong one
            }
            entries.put(store, total);
        }
        return entries;
    }

    private static long count(StateStore store) {
        StateStore s = store;
        while (!(s instanceof KeyValueStore<?, ?>) && s instanceof WrappedStateStore<?, ?, ?> w) {
            s = w.wrapped();
        }
        if (!(s instanceof KeyValueStore<?, ?> kv)) {
            return -1;
        }
        long n = 0;
        try (KeyValueIterator<?, ?> all = kv.all()) {
            for (; all.hasNext(); all.next()) {
                n++;
            }
        }
        return n;
    }

    /** Accepts every store and hands back the stores themselves, one per task. */
    private static final class AnyStore implements QueryableStoreType<List<Object>> {
        @Override
        public boolean accepts(StateStore stateStore) {
            return true;
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public List<Object> create(StateStoreProvider storeProvider, String storeName) {
            return (List) storeProvider.stores(storeName, (QueryableStoreType) this);
        }
    }
}
