package io.breachwatch.detector.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.detector.config.DetectorConfig;
import io.breachwatch.detector.local.LocalKafka;
import io.breachwatch.schema.Alert;
import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.AuthOutcome;
import io.breachwatch.schema.json.EventJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reliability 3, scale-out and standby failover: three detector instances (separate JVMs, one application id)
 * build a big {@code auth-by-source-ip-state}; the instance running the task with the biggest changelog partition
 * is killed with {@code SIGKILL}; a brute force aimed at that partition tells when detection there is back. Run
 * twice on the same cluster, with {@code num.standby.replicas=1} and without standbys. With a standby, the task
 * moves to the instance that kept a replica of its state and restores only the standby's lag; without, its new
 * instance rebuilds the state from the whole changelog partition. The records restored come from the detector's own
 * restore log lines ({@code Restored <store> partition <p>: <n> records in <ms> ms}, see StateRestoreLog).
 *
 * <pre>
 *  [a] active auth-by-source-ip 2 ──changelog──► [b] standby auth-by-source-ip 2      [c]
 *   kill -9 a  ──►  [b] promoted: restores the standby's lag, not the partition's whole history
 * </pre>
 *
 * The short form (15,000 state updates, one partition) runs in the default build; the full form (60,000 over two
 * partitions) with {@code -Preliability}.
 */
class StandbyFailoverIT {
    private static final String GROUP = "auth-by-source-ip";
    private static final String STORE = GROUP + "-state";
    /** Failed logins per source while building state: under the brute-force threshold of 8, so no alerts. */
    private static final int FAILURES_PER_SOURCE = 5;
    private static final Pattern RESTORED = Pattern.compile(
            "Restored " + STORE + " partition (\\d+): (\\d+) records in (\\d+) ms");

    @Test
    @Tag("broker")
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void aStandbySparesTheFailedOverTaskMostOfItsRestore(@TempDir Path dir) throws Exception {
        failover(dir, 1, 15_000);
    }

    @Test
    @Tag("reliability")
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void aStandbySparesTheFailedOverTaskMostOfALargeRestore(@TempDir Path dir) throws Exception {
        failover(dir, 2, 60_000);
    }

    /**
     * {@code stateEvents / partitions} must pass 10,000, Kafka Streams' default {@code acceptable.recovery.lag}: an
     * instance counts as caught up for a task when its state is within that many changelog records of the end, so
     * for a smaller store partition every instance does, even one without any state, and the assignor places the
     * task for balance rather than on its standby (by design: restoring so little is cheap).
     */
    private static void failover(Path dir, int partitions, int stateEvents) throws Exception {
        try (LocalKafka kafka = LocalKafka.start(Reliability.cluster())) {
            Failover with = killTheBusiestActive(kafka, dir, partitions, 1, stateEvents);
            Failover without = killTheBusiestActive(kafka, dir, partitions, 0, stateEvents);

            Reliability.figure("standby: instances=3 partitions=" + partitions + " state_events=" + stateEvents
                    + " store=" + STORE
                    + " | with num.standby.replicas=1: " + with.figures()
                    + " | without standbys: " + without.figures()
                    + " (session.timeout.ms=" + Reliability.SESSION_TIMEOUT.toMillis() + ")");
            // With a standby the task resumed on the instance holding the replica, which was nearly up to date
            assertThat(with.promoted()).as("a standby was promoted to active").isTrue();
            assertThat(with.restored()).as("records restored with a standby")
                    .isLessThan(with.changelogEnd() / 10);
            // Without, the new owner read the partition's whole changelog
            assertThat(without.promoted()).as("a standby was promoted without standbys").isFalse();
            assertThat(without.restored()).as("records restored without standbys")
                    .isGreaterThan(without.changelogEnd() / 2);
            assertThat(with.restored()).isLessThan(without.restored());
        }
    }

    /**
     * The figures of one failover.
     *
     * @param partition    the changelog partition of the killed active task
     * @param changelogEnd its end offset when the instance was killed (records plus transaction markers)
     * @param restored     records its new instance restored from the changelog
     * @param restore      the time that restore took, as the detector logged it
     * @param failover     from the kill until an alert raised by that task was readable
     * @param promoted     whether the new instance logged a standby of that partition promoted to active
     */
    private record Failover(int partition, long changelogEnd, long restored, Duration restore, Duration failover,
                            boolean promoted) {
        String figures() {
            return "partition=" + partition + " changelog_end=" + changelogEnd + " restored=" + restored
                    + " restore=" + Reliability.seconds(restore) + " failover=" + Reliability.seconds(failover)
                    + " standby_promoted=" + promoted;
        }
    }

    private static Failover killTheBusiestActive(LocalKafka kafka, Path dir, int partitions, int standbys,
                                                 int stateEvents) throws Exception {
        DetectorConfig config = Reliability.isolatedConfig(kafka, "standby" + standbys, partitions);
        Map<String, String> settings = Reliability.childSettings(config,
                Map.of(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, Integer.toString(standbys)));
        List<ChildDetector> instances = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
            for (String name : List.of("a", "b", "c")) {
                instances.add(ChildDetector.start("standby" + standbys + "-" + name, dir, settings));
            }
            Reliability.awaitRunning(kafka, config, instances, Duration.ofSeconds(150));

            // Given a big detection state: failed logins from stateEvents / 5 sources, interleaved so that each
            // source's five updates land in different commits (one changelog record each)
            int sources = stateEvents / FAILURES_PER_SOURCE;
            Instant t0 = ReliabilityTraffic.VIRTUAL_DAY;
            for (int i = 0; i < stateEvents; i++) {
                int source = i % sources;
                send(producer, config, new AuthEvent("state-" + i, t0.plusMillis(i * 10L), "user-" + source,
                        address(source), AuthOutcome.FAILURE, "password", "bad_password", "sshd", "bastion-1"));
            }
            producer.flush();
            List<String> consumed = Reliability.consumedTopics(kafka, config);
            BrokerFixture.await("the state traffic consumed", Duration.ofSeconds(180),
                    () -> BrokerFixture.caughtUp(kafka.admin(), config.applicationId(), consumed));

            // When the instance running the task with the biggest changelog partition is killed
            String changelog = config.applicationId() + "-" + STORE + "-changelog";
            Map<TopicPartition, Long> ends = Reliability.endOffsets(kafka.admin(), changelog);
            TopicPartition biggest = ends.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow()
                    .getKey();
            int partition = biggest.partition();
            TopicPartition repartition = new TopicPartition(config.applicationId() + "-" + GROUP + "-repartition",
                    partition);
            ChildDetector active = Reliability.owner(kafka, config, repartition, instances)
                    .orElseThrow(() -> new AssertionError("no instance runs " + repartition));
            Map<ChildDetector, Integer> logMarks = new HashMap<>();
            instances.forEach(instance -> logMarks.put(instance, instance.logLines().size()));
            Reliability.note("killing " + active.name() + ", active for " + repartition + "; changelog end "
                    + ends.get(biggest));
            long kill = System.nanoTime();
            active.kill();

            // ... and a brute force against that very partition follows at once
            String attacker = addressIn(partition, partitions);
            Instant after = t0.plusMillis(stateEvents * 10L + 60_000);
            for (int i = 0; i < ReliabilityTraffic.CANARY_FAILURES; i++) {
                send(producer, config, new AuthEvent("probe-" + i, after.plusMillis(i * 500L), "root", attacker,
                        AuthOutcome.FAILURE, "password", "bad_password", "sshd", "bastion-1"));
            }
            producer.flush();
            BrokerFixture.await("the brute force's alert from the failed-over task", Duration.ofSeconds(180),
                    () -> BrokerFixture.readCommitted(config.topics().alerts(), config, Alert.class).stream()
                            .anyMatch(a -> a.entity().value().equals(attacker)
                                    && a.ruleId().equals("auth.brute_force.source")));
            Duration failover = Duration.ofNanos(System.nanoTime() - kill);

            // Then: what the surviving instances logged about restoring that partition
            long restored = 0;
            long restoreMillis = 0;
            boolean promoted = false;
            for (ChildDetector survivor : instances) {
                if (survivor == active) {
                    continue;
                }
                List<String> lines = survivor.logLines();
                for (String line : lines.subList(logMarks.get(survivor), lines.size())) {
                    Matcher m = RESTORED.matcher(line);
                    if (m.find() && Integer.parseInt(m.group(1)) == partition) {
                        restored += Long.parseLong(m.group(2));
                        restoreMillis += Long.parseLong(m.group(3));
                    }
                    promoted |= line.contains("Standby of " + STORE + " partition " + partition
                            + " promoted to active");
                }
            }
            for (ChildDetector instance : instances) {
                assertThat(instance.everFailed()).as(instance.name() + " reached ERROR; log " + instance.logFile())
                        .isFalse();
            }
            return new Failover(partition, ends.get(biggest), restored, Duration.ofMillis(restoreMillis), failover,
                    promoted);
        } finally {
            instances.forEach(ChildDetector::close);
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(LocalKafka kafka) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 20),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, DetectorConfig config, AuthEvent event) {
        producer.send(new ProducerRecord<>(config.topics().authEvents(),
                event.sourceIp().getBytes(StandardCharsets.UTF_8), EventJson.strict().write(event)));
    }

    /** Sources from 100.64.0.0/10 (shared address space), one per number. */
    private static String address(int source) {
        return "100." + (64 + source / 65_536) + "." + (source / 256 % 256) + "." + (source % 256);
    }

    /**
     * An address whose events the group's repartition puts in {@code partition}: its key is the address, hashed
     * by the default partitioner like the producer's.
     */
    private static String addressIn(int partition, int partitions) {
        for (int i = 1; ; i++) {
            String candidate = "203.0.113." + i;
            if (ReliabilityTraffic.partitionOf(candidate.getBytes(StandardCharsets.UTF_8), partitions)
                    == partition) {
                return candidate;
            }
        }
    }
}
