package io.breachwatch.detector.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.detector.app.DetectorApp;
import io.breachwatch.detector.config.DetectorConfig;
import io.breachwatch.detector.hostile.HeapFigures;
import io.breachwatch.detector.hostile.HostileRecords;
import io.breachwatch.detector.hostile.PrometheusScrape;
import io.breachwatch.detector.local.LocalBroker;
import io.breachwatch.detector.metrics.Observability;
import io.breachwatch.detector.replay.OfflineDetection;
import io.breachwatch.schema.Alert;
import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.AuthOutcome;
import io.breachwatch.schema.DeadLetter;
import io.breachwatch.schema.DeadLetterReason;
import io.breachwatch.schema.EventType;
import io.breachwatch.schema.json.EventJson;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hostile input and event-time evasion against a real broker with exactly-once processing: the junk of
 * {@link HostileRecords} (a 10 MiB value among it, which the input topic is configured to accept) interleaved with a
 * brute force, and a record stamped a day ahead before another. Dead letters and alerts are read with
 * read_committed; dead letters are counted per reason in the topic and in the Prometheus scrape.
 */
@Tag("broker")
@Timeout(240)
class HostileInputIT {
    /** Room for the 10 MiB value and its batch overhead, on the input topic and in the producer. */
    private static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    @RegisterExtension
    static final LocalBroker BROKER = new LocalBroker();

    private static DetectorConfig config(String name) throws Exception {
        DetectorConfig config = BrokerFixture.isolatedConfig(BROKER.kafka(), name);
        // Brokers refuse values over 1 MiB by default; this input topic takes what a careless producer could send
        BROKER.kafka().admin().incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC,
                config.topics().authEvents()), List.of(new AlterConfigOp(new ConfigEntry("max.message.bytes",
                Integer.toString(MAX_MESSAGE_BYTES)), AlterConfigOp.OpType.SET)))).all().get(30, TimeUnit.SECONDS);
        return config;
    }

    private static KafkaProducer<String, byte[]> producer() {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", BROKER.kafka().bootstrapServers());
        props.put("acks", "all");
        props.put("max.request.size", MAX_MESSAGE_BYTES);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    private static void awaitCaughtUp(DetectorConfig config) throws InterruptedException {
        BrokerFixture.await("the detector to consume every input record", Duration.ofSeconds(120),
                () -> BrokerFixture.caughtUp(BROKER.kafka().admin(), config.applicationId(), List.of(
                        config.topics().authEvents(), config.applicationId() + "-auth-by-source-ip-repartition",
                        config.applicationId() + "-auth-by-user-repartition",
                        config.applicationId() + "-auth-by-platform-repartition")));
    }

    @Test
    void everyJunkRecordIsDeadLetteredWithItsReasonAndTheBruteForceAmongThemIsDetected() throws Exception {
        DetectorConfig config = config("hostile");
        Instant now = Instant.now();
        List<HostileRecords.Junk> junk = HostileRecords.junk(now);
        List<AuthEvent> attack = HostileRecords.bruteForce(now.minus(Duration.ofMinutes(10)));
        List<Alert> alone = new OfflineDetection(config).feedAll(attack);

        try (Observability observability = new Observability(config);
             DetectorApp detector = new DetectorApp(config, observability.detector())) {
            detector.bind(observability::bind);
            detector.start();
            assertThat(detector.awaitRunning(Duration.ofSeconds(60))).isTrue();
            long heapBefore = HeapFigures.usedAfterGc();
            long started = System.nanoTime();

            // When junk and attack go to the login topic, the attack keyed by its source (one partition, in order)
            try (KafkaProducer<String, byte[]> producer = producer()) {
                for (byte[] value : HostileRecords.interleaved(junk, attack)) {
                    boolean isAttack = attack.stream().anyMatch(e -> java.util.Arrays.equals(value,
                            EventJson.strict().write(e)));
                    producer.send(new ProducerRecord<>(config.topics().authEvents(),
                            isAttack ? HostileRecords.ATTACKER : "junk", value)).get(30, TimeUnit.SECONDS);
                }
            }
            awaitCaughtUp(config);
            double seconds = (System.nanoTime() - started) / 1e9;
            long heapAfter = HeapFigures.usedAfterGc();

            // Then the detector is still running, and every junk record is one dead letter with its reason
            assertThat(detector.state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(detector.failed()).isFalse();
            List<DeadLetter> dead = BrokerFixture.readCommitted(config.topics().deadLetters(), config,
                    DeadLetter.class);
            Map<String, Long> expected = HostileRecords.expectedPerReason(junk);
            Map<String, Long> inTopic = DeadLetterReason.ALL.stream().collect(Collectors.toMap(r -> r,
                    r -> dead.stream().filter(d -> d.reason().equals(r)).count()));
            Map<String, Long> inMetric = PrometheusScrape.deadLetters(observability.registry().scrape(), "auth");
            assertThat(inTopic).isEqualTo(expected);
            assertThat(inMetric).isEqualTo(expected);
            assertThat(observability.detector().eventsRead(EventType.AUTH)).isEqualTo(junk.size() + attack.size());
            DeadLetter tenMiB = dead.stream().filter(d -> d.payloadSize() == HostileRecords.TEN_MIB).findFirst()
                    .orElseThrow();
            assertThat(tenMiB.payloadTruncated()).isTrue();
            assertThat(tenMiB.payload()).hasSize(DeadLetter.MAX_PAYLOAD_CHARS);
            // And the brute force raised exactly the alert it raises alone
            assertThat(BrokerFixture.readCommitted(config.topics().alerts(), config, Alert.class)).isEqualTo(alone)
                    .extracting(Alert::ruleId).containsExactly("auth.brute_force.source");

            System.out.printf("hostile input (broker): %d junk records (%.1f MiB) and %d attack events processed in "
                            + "%.1f s; dead letters %s; state %s; heap after GC %s before, %s after (%+.1f MiB)%n",
                    junk.size(), junk.stream().mapToLong(j -> j.value() == null ? 0 : j.value().length).sum()
                            / (1024.0 * 1024.0), attack.size(), seconds, inMetric, detector.state(),
                    HeapFigures.mib(heapBefore), HeapFigures.mib(heapAfter),
                    (heapAfter - heapBefore) / (1024.0 * 1024.0));
            // The live set keeps none of the junk: the 10 MiB value alone would exceed this
            assertThat(heapAfter - heapBefore).isLessThan(HostileRecords.TEN_MIB);
        }
    }

    @Test
    void aRecordStampedADayAheadIsDeadLetteredAndTheBruteForceThatFollowsIsDetected() throws Exception {
        DetectorConfig config = config("evasion");
        Instant now = Instant.now();
        List<AuthEvent> attack = HostileRecords.bruteForce(now.minus(Duration.ofMinutes(5)));
        AuthEvent forged = new AuthEvent("forged", now.plus(Duration.ofDays(1)), "root", HostileRecords.ATTACKER,
                AuthOutcome.FAILURE, "password", "bad_password", "sshd", "bastion");

        try (Observability observability = new Observability(config);
             DetectorApp detector = new DetectorApp(config, observability.detector())) {
            detector.start();
            assertThat(detector.awaitRunning(Duration.ofSeconds(60))).isTrue();
            // Given the forged record first, then the attack, on the attacker's partition
            try (KafkaProducer<String, byte[]> producer = producer()) {
                producer.send(new ProducerRecord<>(config.topics().authEvents(), HostileRecords.ATTACKER,
                        EventJson.strict().write(forged))).get(30, TimeUnit.SECONDS);
                for (AuthEvent event : attack) {
                    producer.send(new ProducerRecord<>(config.topics().authEvents(), HostileRecords.ATTACKER,
                            EventJson.strict().write(event))).get(30, TimeUnit.SECONDS);
                }
            }
            awaitCaughtUp(config);

            // Then only the forged record is dead-lettered, nothing is late, and the attack raised its alert
            assertThat(BrokerFixture.readCommitted(config.topics().deadLetters(), config, DeadLetter.class))
                    .extracting(DeadLetter::reason, DeadLetter::field)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(DeadLetterReason.TIMESTAMP_FUTURE,
                            "timestamp"));
            assertThat(observability.detector().deadLetters(EventType.AUTH, DeadLetterReason.LATE)).isZero();
            assertThat(BrokerFixture.readCommitted(config.topics().alerts(), config, Alert.class))
                    .isEqualTo(new OfflineDetection(config).feedAll(attack));
            assertThat(detector.state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
    }
}
