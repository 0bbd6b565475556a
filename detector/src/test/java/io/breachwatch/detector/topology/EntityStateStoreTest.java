package io.breachwatch.detector.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.detector.config.DetectorConfig;
import io.breachwatch.detector.detections.Logins;
import io.breachwatch.detector.engine.DetectionEngine;
import io.breachwatch.detector.engine.EntityState;
import io.breachwatch.detector.engine.GroupDetector;
import io.breachwatch.schema.AuthEvent;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The decoded-state cache above a group's store: what is written down, when, and what a dirty close forgets.
 * Exactly-once depends on these: every change is written by the commit that covers its event (flushCache), and
 * uncommitted changes vanish with a task closed dirty (clearCache).
 */
class EntityStateStoreTest {
    private final DetectorConfig config = DetectorConfig.defaults();
    private final GroupDetector bySourceIp = DetectionEngine.of(config.rules(), config.grace()).groups().stream()
            .filter(g -> g.group().name().equals("auth-by-source-ip")).findFirst().orElseThrow();
    private KeyValueStore<String, byte[]> encoded;
    private EntityStateStore store;

    @BeforeEach
    void openStoreOfCapacityTwo() {
        encoded = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("auth-by-source-ip-state"),
                Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
        store = new EntityStateStore(encoded, bySourceIp, 2);
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
    }

    private void fail(String ip, String time) {
        AuthEvent event = Logins.failure(ip, "alice", time);
        EntityState state = store.get(ip);
        bySourceIp.onEvent(event, ip, state);
        store.changed(ip);
    }

    private static long at(String time) {
        return java.time.Instant.parse("2026-03-14T" + time + "Z").toEpochMilli();
    }

    private long newestWritten(String ip) {
        byte[] bytes = encoded.get(ip);
        return bytes == null ? Long.MIN_VALUE : bySourceIp.read(bytes).newestEventTime();
    }

    @Test
    void changesAreWrittenDownByTheCommitNotByTheEvent() {
        fail("203.0.113.5", "10:00:00");

        assertThat(encoded.get("203.0.113.5")).as("not yet committed").isNull();
        store.flushCache();
        assertThat(newestWritten("203.0.113.5")).isEqualTo(at("10:00:00"));
    }

    @Test
    void aDirtyCloseForgetsWhatNoCommitCovered() {
        fail("203.0.113.5", "10:00:00");
        store.flushCache();
        fail("203.0.113.5", "10:00:30");

        store.clearCache();

        assertThat(store.get("203.0.113.5").newestEventTime())
                .isEqualTo(at("10:00:00"));
    }

    @Test
    void theLeastRecentlyUsedEntityIsWrittenDownWhenTheCacheIsFull() {
        fail("203.0.113.1", "10:00:00");
        fail("203.0.113.2", "10:00:01");
        fail("203.0.113.1", "10:00:02");
        fail("203.0.113.3", "10:00:03");

        assertThat(newestWritten("203.0.113.2")).as("evicted, written")
                .isEqualTo(at("10:00:01"));
        assertThat(encoded.get("203.0.113.1")).as("recently used, still only cached").isNull();
        assertThat(store.get("203.0.113.2").newestEventTime()).as("read back after eviction")
                .isEqualTo(at("10:00:01"));
    }

    @Test
    void expiredEntitiesAreDeletedWhetherCachedOrWrittenDown() {
        fail("203.0.113.1", "10:00:00");
        fail("203.0.113.2", "10:00:01");
        fail("203.0.113.3", "12:00:00");

        long streamTime = at("12:00:00");
        store.deleteExpired(streamTime);

        assertThat(encoded.get("203.0.113.1")).isNull();
        assertThat(encoded.get("203.0.113.2")).isNull();
        assertThat(store.get("203.0.113.1").newestEventTime()).isEqualTo(Long.MIN_VALUE);
        assertThat(newestWritten("203.0.113.3")).isEqualTo(streamTime);
    }

    @Test
    void theEntityCountIsExactThroughNewEntitiesEvictionAndPurge() {
        assertThat(store.entities()).isZero();
        fail("203.0.113.1", "10:00:00");
        fail("203.0.113.2", "10:00:01");
        fail("203.0.113.3", "10:00:02");
        fail("203.0.113.1", "12:00:00");
        assertThat(store.entities()).isEqualTo(3);

        long streamTime = at("12:00:00");
        store.deleteExpired(streamTime);

        assertThat(store.entities()).isEqualTo(1);
    }
}
