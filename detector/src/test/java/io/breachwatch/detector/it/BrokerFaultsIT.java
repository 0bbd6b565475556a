package io.breachwatch.detector.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.detector.local.LocalKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reliability 2, broker faults: a detector (its own JVM, exactly-once) on a three-node cluster (replication 3,
 * min.insync.replicas 2) while seeded traffic is produced at a steady rate. First the leader of a partition it
 * reads or writes is killed with {@code SIGKILL} (and restarted once detection has resumed without it), then every
 * broker is killed and the cluster stays down for a while before it is restarted. Every alert the offline oracle
 * raises is on the alert topic (read_committed), none twice; the detector never reaches ERROR nor exits; the
 * figures are how long detection took to resume after each leader kill, and to catch up after the outage.
 *
 * <pre>
 *  producer ─► events (4 partitions, RF 3, min ISR 2) ─► [detector] ─► alerts ─► read_committed watch
 *               node 1   node 2   node 3     kill -9 the leader of events.auth-0 or alerts-0; later all three
 * </pre>
 *
 * The short form (one leader kill, a 20 s outage) runs in the default build; the full form (three leader kills,
 * a 60 s outage) with {@code -Preliability}.
 */
class BrokerFaultsIT {

    /** Which partition's leader to kill. */
    private enum Target { AUTH_INPUT, ALERTS }

    @Test
    @Tag("broker")
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void aLeaderKillAndAShortOutageOfEveryBrokerLoseNothing(@TempDir Path dir) throws Exception {
        faults(dir, List.of(Target.ALERTS), Duration.ofSeconds(20), Duration.ofMinutes(7));
    }

    @Test
    @Tag("reliability")
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void leaderKillsAndAMinuteWithoutBrokersLoseNothing(@TempDir Path dir) throws Exception {
        faults(dir, List.of(Target.AUTH_INPUT, Target.ALERTS, Target.AUTH_INPUT), Duration.ofSeconds(60),
                Duration.ofMinutes(15));
    }

    private static void faults(Path dir, List<Target> leaderKills, Duration outage, Duration maxStream)
            throws Exception {
        try (LocalKafka kafka = LocalKafka.start(Reliability.cluster());
             StreamUnderFaults run = StreamUnderFaults.start(kafka, "brokers", dir, 1, maxStream)) {
            ChildDetector detector = run.instance(0);
            // Given detection running
            Duration steady = run.awaitSteadyDetection(Duration.ofSeconds(180));

            // When the leader of a partition the detector reads (or writes) is killed, and later restarted
            List<String> leaderRecoveries = new ArrayList<>();
            for (int i = 0; i < leaderKills.size(); i++) {
                TopicPartition partition = leaderKills.get(i) == Target.ALERTS
                        ? new TopicPartition(run.config().topics().alerts(), 0)
                        : new TopicPartition(run.config().topics().authEvents(), i % Reliability.PARTITIONS);
                int leader = kafka.leaderOf(partition).orElseThrow();
                Reliability.note("killing node " + leader + ", leader of " + partition + " (lag " + run.lag() + ")");
                long fault = System.nanoTime();
                kafka.kill(leader);
                Duration recovery = run.awaitDetectionResumed(fault, Duration.ofSeconds(120));
                leaderRecoveries.add(partition + "@node" + leader + "=" + Reliability.seconds(recovery));
                kafka.restart(leader);
                Reliability.note("node " + leader + " back, every replica in sync");
            }

            // ... and then every broker is killed, and the cluster stays down for the outage
            Reliability.note("killing every node for " + outage + " (lag " + run.lag() + ")");
            long down = System.nanoTime();
            for (int node : kafka.nodeIds()) {
                kafka.kill(node);
            }
            BrokerFixture.await("the outage to last " + outage + " with the detector alive", outage.plusSeconds(10),
                    () -> {
                        assertThat(detector.alive()).as("detector alive while every broker is down").isTrue();
                        return System.nanoTime() - down >= outage.toNanos();
                    });
            kafka.restart(kafka.nodeIds().stream().mapToInt(Integer::intValue).toArray());
            long back = System.nanoTime();
            Reliability.note("cluster back after " + Reliability.seconds(Duration.ofNanos(back - down)));
            Duration catchUp = run.awaitDetectionResumed(back, Duration.ofSeconds(180));
            StreamUnderFaults.Result result = run.finish(Duration.ofMinutes(3));

            // Then nothing was lost or duplicated, and the detector rode it all out
            OracleComparison comparison = result.comparison();
            long rebalances = detector.logLines().stream().filter(l -> l.contains("Detector state")
                    && l.contains("-> REBALANCING")).count();
            Reliability.figure("brokers: leader_kills=" + leaderKills.size() + " outage=" + Reliability.seconds(outage)
                    + " events=" + run.events() + " " + comparison.figures() + " error_state="
                    + !result.failed().isEmpty() + " catch_up=" + Reliability.seconds(catchUp)
                    + " (from the cluster back; " + Reliability.seconds(Duration.ofNanos(back - down))
                    + " down incl. restart; leader kill recovery: "
                    + String.join(", ", leaderRecoveries) + "; steady latency " + Reliability.seconds(steady)
                    + "; rebalances=" + rebalances + ")");
            Reliability.figure("brokers: " + comparison.excludedFigures() + " late_dead_letters="
                    + result.lateDeadLetters());
            assertThat(comparison.expected()).as("alerts the oracle expects").isGreaterThan(20);
            assertThat(comparison.lost()).as("alerts lost").isEmpty();
            assertThat(comparison.duplicates()).as("duplicate alert ids").isZero();
            assertThat(comparison.extra()).as("alerts the oracle did not raise").isEmpty();
            assertThat(result.failed()).as("detector reached ERROR or exited; log " + detector.logFile())
                    .isEmpty();
        }
    }
}
