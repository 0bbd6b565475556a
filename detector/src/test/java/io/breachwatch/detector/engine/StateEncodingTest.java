package io.breachwatch.detector.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.detector.detections.LoginsAccess;
import io.breachwatch.detector.rules.RulesLoader;
import io.breachwatch.schema.Alert;
import io.breachwatch.schema.AuthEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The store holds encoded state and every event reads and rewrites it: decoding must give back state that
 * behaves identically, or a restart (state restored from the changelog) would change what is detected.
 */
class StateEncodingTest {

    @Test
    void detectionThroughEncodedStateEqualsDetectionInMemory() {
        GroupDetector detector = DetectionEngine.of(new RulesLoader().defaults().enabled(), Duration.ofMinutes(15))
                .groups().get(0);
        List<AuthEvent> events = LoginsAccess.mixedAttack("203.0.113.9");

        List<Alert> inMemory = new ArrayList<>();
        EntityState live = new EntityState();
        List<Alert> roundTripped = new ArrayList<>();
        byte[] stored = null;
        for (AuthEvent event : events) {
            inMemory.addAll(detector.onEvent(event, "203.0.113.9", live).alerts());
            EntityState restored = stored == null ? new EntityState() : detector.read(stored);
            roundTripped.addAll(detector.onEvent(event, "203.0.113.9", restored).alerts());
            stored = detector.write(restored);
        }

        assertThat(inMemory).hasSize(3);
        assertThat(roundTripped).isEqualTo(inMemory);
    }
}
