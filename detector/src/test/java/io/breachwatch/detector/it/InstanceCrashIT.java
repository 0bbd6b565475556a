package io.breachwatch.detector.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.detector.local.LocalKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reliability 1, instance crash under exactly-once: two detector instances, separate JVMs sharing one application
 * id, on a three-node cluster (replication 3, min.insync.replicas 2); seeded traffic with known attacks produced at
 * a steady rate; one instance is killed with {@code SIGKILL} mid-stream and restarted at once, as a supervisor
 * would. Every alert the offline oracle raises from the same events is on the alert topic (read_committed), none
 * twice, none it did not raise; the figure is also how long detection took to resume on every partition.
 *
 * <pre>
 *  producer ─► events.auth/api/net (4 partitions, RF 3) ─► [instance a] [instance b]  (one group, EOS v2)
 *                                                             kill -9 a, restart a
 *                                                             └─► alerts ─► read_committed watch + oracle check
 * </pre>
 *
 * The short form (one crash) runs in the default build; the full form (three crashes, alternating instances) runs
 * with {@code -Preliability}.
 */
class InstanceCrashIT {

    @Test
    @Tag("broker")
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void oneCrashLosesAndDuplicatesNoAlert(@TempDir Path dir) throws Exception {
        crashes(dir, 1, Duration.ofMinutes(6));
    }

    @Test
    @Tag("reliability")
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void threeCrashesLoseAndDuplicateNoAlert(@TempDir Path dir) throws Exception {
        crashes(dir, 3, Duration.ofMinutes(15));
    }

    private static void crashes(Path dir, int crashes, Duration maxStream) throws Exception {
        try (LocalKafka kafka = LocalKafka.start(Reliability.cluster());
             StreamUnderFaults run = StreamUnderFaults.start(kafka, "crash", dir, 2, maxStream)) {
            // Given detection running on both instances
            Duration steady = run.awaitSteadyDetection(Duration.ofSeconds(180));

            // When one instance is killed mid-stream and restarted, alternating instances
            List<Duration> recoveries = new ArrayList<>();
            for (int i = 0; i < crashes; i++) {
                ChildDetector victim = run.instance(i % 2);
                Reliability.note("killing " + victim.name() + " (lag " + run.lag() + ")");
                long crash = System.nanoTime();
                victim.kill();
                victim.restart();
                Reliability.note("restarted " + victim.name());
                recoveries.add(run.awaitDetectionResumed(crash, Duration.ofSeconds(120)));
            }
            StreamUnderFaults.Result result = run.finish(Duration.ofMinutes(3));

            // Then nothing was lost, duplicated or invented, and no instance failed by itself
            OracleComparison comparison = result.comparison();
            Duration slowest = recoveries.stream().max(Duration::compareTo).orElseThrow();
            Reliability.figure("crash: instances=2 crashes=" + crashes + " events=" + run.events() + " "
                    + comparison.figures() + " recovery=" + Reliability.seconds(slowest) + " (each: "
                    + recoveries.stream().map(Reliability::seconds).collect(Collectors.joining(", "))
                    + "; steady latency " + Reliability.seconds(steady) + "; session.timeout.ms="
                    + Reliability.SESSION_TIMEOUT.toMillis() + ")");
            Reliability.figure("crash: " + comparison.excludedFigures() + " late_dead_letters="
                    + result.lateDeadLetters());
            assertThat(comparison.expected()).as("alerts the oracle expects").isGreaterThan(20);
            assertThat(comparison.lost()).as("alerts lost").isEmpty();
            assertThat(comparison.duplicates()).as("duplicate alert ids").isZero();
            assertThat(comparison.extra()).as("alerts the oracle did not raise").isEmpty();
            assertThat(result.failed()).as("instances that failed by themselves").isEmpty();
        }
    }
}
