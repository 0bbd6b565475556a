package io.breachwatch.detector.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.detector.detections.Logins;
import io.breachwatch.detector.engine.EntityState;
import io.breachwatch.detector.engine.GroupDetector;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.Test;

/**
 * Catching up on a backlog, event time runs far ahead of the wall clock: expired entities are purged as event time
 * passes, not only by the once-a-minute wall-clock purge, so the store holds what retention says, not hours more.
 */
class CatchUpPurgeTest {

    @Test
    void fiveMinutesOfEventTimeTriggerAPurgeWithoutTheWallClockMoving() {
        try (TopologyHarness harness = new TopologyHarness()) {
            // Given one failed login from an address at 10:00, and another from a second address at 10:04
            harness.send(Logins.failure("203.0.113.1", "alice", "10:00:00"));
            harness.send(Logins.failure("198.51.100.9", "bob", "10:04:00"));
            assertThat(keys(harness, "auth-by-source-ip-state")).containsExactlyInAnyOrder("203.0.113.1",
                    "198.51.100.9");

            // When the backlog's event time reaches 11:00 (the wall clock, fixed at noon, never moves)
            harness.send(Logins.failure("198.51.100.9", "bob", "11:00:00"));

            // Then the first address, silent for longer than its group's 45-minute retention, is gone
            assertThat(keys(harness, "auth-by-source-ip-state")).containsExactly("198.51.100.9");
            assertThat(keys(harness, "auth-by-user-state")).containsExactly("bob");
        }
    }

    @Test
    void anEncodedStateExpiresExactlyWhenItsDecodedStateDoes() {
        try (TopologyHarness harness = new TopologyHarness()) {
            GroupDetector bySourceIp = harness.config.detectionEngine().groups().stream()
                    .filter(g -> g.group().name().equals("auth-by-source-ip")).findFirst().orElseThrow();
            EntityState state = new EntityState();
            bySourceIp.onEvent(Logins.failure("203.0.113.1", "alice", "10:00:00"), "203.0.113.1", state);
            byte[] encoded = bySourceIp.write(state);
            long at = Logins.at("10:00:00").toEpochMilli();

            for (long streamTime = at; streamTime < at + 3_600_000L; streamTime += 1_000) {
                assertThat(bySourceIp.expired(encoded, streamTime)).as("at +%d ms", streamTime - at)
                        .isEqualTo(bySourceIp.expired(state, streamTime));
            }
            assertThat(bySourceIp.expired(encoded, at + 3_600_000L)).isTrue();
        }
    }

    private static List<String> keys(TopologyHarness harness, String store) {
        EntityStateStore entities = (EntityStateStore) harness.driver.getStateStore(store);
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = entities.wrapped().all()) {
            all.forEachRemaining(kv -> keys.add(kv.key));
        }
        return keys;
    }
}
