package io.breachwatch.detector.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A run is iterated, never materialised: a million events pass through while the simulation holds only its
 * population, a few minutes of pending follow-ups and the sources with recent failures.
 */
class SimStreamingTest {

    @Test
    @Timeout(90)
    void aMillionEventsStreamThroughInBoundedState() {
        // The March incident at 2,000 events/s: 1,000,000 events are about 8 minutes of event time, attack included.
        Simulation simulation = Runs.simulate("march-incident", 2_000, Duration.ofMinutes(2), null);
        long count = 0;
        int maxBuffered = 0;
        long startNanos = System.nanoTime();
        while (count < 1_000_000 && simulation.hasNext()) {
            simulation.next();
            count++;
            if (count % 10_000 == 0) {
                maxBuffered = Math.max(maxBuffered, simulation.bufferedState());
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - startNanos);

        assertThat(count).isEqualTo(1_000_000);
        // Follow-ups wait at most ~11 minutes; sources with recent failures are a fraction of the population.
        assertThat(maxBuffered).isLessThan(20_000);
        assertThat(took).isLessThan(Duration.ofSeconds(60));
    }
}
