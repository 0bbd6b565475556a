package io.breachwatch.detector.topology;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;

/**
 * One block cache and one write-buffer budget shared by every RocksDB store of the detector's JVM (Kafka Streams'
 * bounded-memory recipe). By default each store instance (one per store and task, standbys included: 29 with the
 * built-in catalogue on 4 partitions) takes up to 50 MiB of block cache and 3 × 16 MiB of write buffers of its own,
 * so off-heap memory grew with the tasks an instance held, and the memory soak saw it climb for minutes.
 * With this setter the total is {@link #TOTAL_BYTES}, memtables included. To size it differently, set
 * {@code rocksdb.config.setter} to a class of your own (see docs/operations.md).
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {
    /** Block cache and write buffers of all stores together. */
    public static final long TOTAL_BYTES = 256L * 1024 * 1024;
    /** The part of {@link #TOTAL_BYTES} that write buffers (memtables) may take. */
    public static final long WRITE_BUFFER_BYTES = 64L * 1024 * 1024;
    private static final long MEMTABLE_BYTES = 8L * 1024 * 1024;
    /** Index and filter blocks share the cache with data blocks; this much of it is kept for them first. */
    private static final double INDEX_FILTER_BLOCK_RATIO = 0.1;

    /** Shared by every store instance of the JVM; made on first use, once RocksDB's native library is loaded. */
    private static final class Shared {
        static {
            RocksDB.loadLibrary();
        }

        // Never closed, like the JVM's own heap.
        static final Cache CACHE = new LRUCache(TOTAL_BYTES, -1, false, INDEX_FILTER_BLOCK_RATIO);
        static final WriteBufferManager WRITE_BUFFERS = new WriteBufferManager(WRITE_BUFFER_BYTES, CACHE);
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(Shared.CACHE);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(Shared.WRITE_BUFFERS);
        options.setWriteBufferSize(MEMTABLE_BYTES);
        options.setMaxWriteBufferNumber(2);
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and the write-buffer manager are shared by every store: closing them here would pull them
        // from under the stores still open.
    }

    /** The cache every store uses (for tests). */
    static Cache cache() {
        return Shared.CACHE;
    }

    /** The write-buffer manager every store uses (for tests). */
    static WriteBufferManager writeBuffers() {
        return Shared.WRITE_BUFFERS;
    }
}
