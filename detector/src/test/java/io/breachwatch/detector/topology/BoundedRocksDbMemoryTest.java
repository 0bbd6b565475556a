package io.breachwatch.detector.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.detector.config.DetectorConfig;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;

/** Every store shares one block cache and one write-buffer budget, and the detector uses this by default. */
class BoundedRocksDbMemoryTest {

    @Test
    void everyStoreGetsTheSharedCacheAndWriteBufferBudget() {
        BoundedRocksDbMemory setter = new BoundedRocksDbMemory();
        try (Options first = new Options().setTableFormatConfig(new BlockBasedTableConfig());
             Options second = new Options().setTableFormatConfig(new BlockBasedTableConfig())) {
            setter.setConfig("auth-by-source-ip-state", first, Map.of());
            setter.setConfig("auth-by-user-state", second, Map.of());

            for (Options options : new Options[] {first, second}) {
                assertThat(options.writeBufferSize()).isEqualTo(8L * 1024 * 1024);
                assertThat(options.maxWriteBufferNumber()).isEqualTo(2);
                assertThat(((BlockBasedTableConfig) options.tableFormatConfig()).cacheIndexAndFilterBlocks()).isTrue();
            }
            assertThat(BoundedRocksDbMemory.cache().getUsage()).isLessThanOrEqualTo(BoundedRocksDbMemory.TOTAL_BYTES);
            assertThat(BoundedRocksDbMemory.writeBuffers().isOwningHandle()).isTrue();
            setter.close("auth-by-source-ip-state", first);
            assertThat(BoundedRocksDbMemory.writeBuffers().isOwningHandle()).as("shared, not closed with a store").isTrue();
        }
    }

    @Test
    void theDetectorUsesItUnlessConfiguredOtherwise() {
        assertThat(DetectorConfig.defaults().streamsProperties()
                .getProperty(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG))
                .isEqualTo(BoundedRocksDbMemory.class.getName());
    }
}
