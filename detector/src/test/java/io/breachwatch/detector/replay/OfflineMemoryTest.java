package io.breachwatch.detector.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.detector.config.DetectorConfig;
import io.breachwatch.detector.engine.DetectionEngine;
import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.AuthOutcome;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Offline replay drops idle entities as live processing does, so memory follows activity, not history. */
class OfflineMemoryTest {

    @Test
    void aLongReplayOfEverNewAddressesKeepsOnlyRecentlyActiveOnes() {
        DetectorConfig config = DetectorConfig.defaults();
        OfflineDetection detection = new OfflineDetection(DetectionEngine.of(config.rules(), config.grace()));
        Instant t0 = Instant.parse("2026-03-01T00:00:00Z");

        // 200,000 failed logins over ~23 days, each from a new address and for a new user: one a ten seconds
        long peak = 0;
        for (int i = 0; i < 200_000; i++) {
            detection.feed(new AuthEvent("e" + i, t0.plusSeconds(i * 10L), "user" + i, "ip-" + i,
                    AuthOutcome.FAILURE, "password", null, "sshd", null));
            peak = Math.max(peak, detection.entities());
        }

        // Without purging this would be 400,000 entities (one per address and one per user) plus the platform
        assertThat(peak).isLessThan(40_000);
        assertThat(detection.entities()).isLessThan(40_000);
    }
}
