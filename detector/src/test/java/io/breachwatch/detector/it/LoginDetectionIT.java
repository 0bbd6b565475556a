package io.breachwatch.detector.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.detector.app.DetectorApp;
import io.breachwatch.detector.config.DetectorConfig;
import io.breachwatch.detector.local.LocalBroker;
import io.breachwatch.detector.metrics.DetectorMetrics;
import io.breachwatch.detector.replay.OfflineDetection;
import io.breachwatch.schema.Alert;
import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.AuthOutcome;
import io.breachwatch.schema.DeadLetter;
import io.breachwatch.schema.DeadLetterReason;
import io.breachwatch.schema.json.EventJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The login detections against a real single-node KRaft broker with exactly-once processing. Alerts and dead letters
 * are read with read_committed and compared as exact sets: with the rule/entity pairs the fixture was built to
 * raise, and with what the offline driver of the same core raises from the same events (same alert ids).
 */
@Tag("broker")
@Timeout(180)
class LoginDetectionIT {
    @RegisterExtension
    static final LocalBroker BROKER = new LocalBroker();

    /** Fixture traffic an hour ago: normal logins plus three attacks, each source's events in time order. */
    private static List<AuthEvent> traffic() {
        Instant t0 = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
        List<AuthEvent> events = new ArrayList<>();
        Random random = new Random(42);
        for (int i = 0; i < 300; i++) {
            int user = random.nextInt(100);
            events.add(auth(t0.plusSeconds(i), "user" + user, "10.1.0." + user, AuthOutcome.SUCCESS));
        }
        // Brute force: 10 failures against root, 5 s apart (also 10 against one account: auth.brute_force.account).
        for (int i = 0; i < 10; i++) {
            events.add(auth(t0.plusSeconds(20 + i * 5L), "root", "203.0.113.7", AuthOutcome.FAILURE));
        }
        // Spray: 12 accounts twice each, 10 s apart (also a brute force at these thresholds).
        for (int i = 0; i < 24; i++) {
            events.add(auth(t0.plusSeconds(30 + i * 10L), "acct" + (i % 12), "192.0.2.50", AuthOutcome.FAILURE));
        }
        // Guessing that succeeds: 5 slow failures for alice, then alice gets in.
        for (int i = 0; i < 5; i++) {
            events.add(auth(t0.plusSeconds(40 + i * 30L), "alice", "198.51.100.23", AuthOutcome.FAILURE));
        }
        events.add(auth(t0.plusSeconds(200), "alice", "198.51.100.23", AuthOutcome.SUCCESS));
        events.sort(java.util.Comparator.comparing(AuthEvent::timestamp));
        return events;
    }

    private static AuthEvent auth(Instant time, String user, String ip, AuthOutcome outcome) {
        return new AuthEvent(UUID.randomUUID().toString(), time, user, ip, outcome, "password", null, "sshd", "h1");
    }

    @Test
    void exactAlertSetIsReadCommittedAndMatchesTheOfflineDriver() throws Exception {
        DetectorConfig config = BrokerFixture.isolatedConfig(BROKER.kafka(), "logins");
        List<AuthEvent> events = traffic();
        List<Alert> offline = new OfflineDetection(config).feedAll(events);

        try (DetectorApp detector = new DetectorApp(config, DetectorMetrics.unexported()).start()) {
            assertThat(detector.awaitRunning(Duration.ofSeconds(60))).isTrue();
            try (KafkaProducer<String, byte[]> producer = producer()) {
                // Keyed by source address, so each source's events keep their order through the input partitions
                for (AuthEvent event : events) {
                    producer.send(new ProducerRecord<>(config.topics().authEvents(), event.sourceIp(),
                            EventJson.strict().write(event)));
                }
                // Junk in the same stream: not JSON, too large, a day in the future
                producer.send(new ProducerRecord<>(config.topics().authEvents(), "junk",
                        "{\"event_id\":".getBytes(StandardCharsets.UTF_8)));
                producer.send(new ProducerRecord<>(config.topics().authEvents(), "junk",
                        ("{\"x\":\"" + "A".repeat(70_000) + "\"}").getBytes(StandardCharsets.UTF_8)));
                producer.send(new ProducerRecord<>(config.topics().authEvents(), "junk", EventJson.strict().write(
                        auth(Instant.now().plus(1, ChronoUnit.DAYS), "root", "203.0.113.7", AuthOutcome.FAILURE))));
                producer.flush();
            }

            BrokerFixture.await("the detector to consume every input record", Duration.ofSeconds(90),
                    () -> BrokerFixture.caughtUp(BROKER.kafka().admin(), config.applicationId(),
                            List.of(config.topics().authEvents(),
                                    config.applicationId() + "-auth-by-source-ip-repartition")));
            assertThat(detector.state()).isEqualTo(KafkaStreams.State.RUNNING);
        }

        List<Alert> alerts = BrokerFixture.readCommitted(config.topics().alerts(), config, Alert.class);
        assertThat(alerts).extracting(a -> a.ruleId() + " " + a.entity()).containsExactlyInAnyOrder(
                "auth.brute_force.source source_ip=203.0.113.7",
                "auth.brute_force.account user=root",
                "auth.brute_force.source source_ip=192.0.2.50",
                "auth.password_spray source_ip=192.0.2.50",
                "auth.success_after_failures source_ip=198.51.100.23");
        assertThat(alerts).extracting(Alert::alertId)
                .containsExactlyInAnyOrderElementsOf(offline.stream().map(Alert::alertId).toList());

        List<DeadLetter> dead = BrokerFixture.readCommitted(config.topics().deadLetters(), config, DeadLetter.class);
        assertThat(dead).extracting(DeadLetter::reason).containsExactlyInAnyOrder(
                DeadLetterReason.MALFORMED_JSON, DeadLetterReason.TOO_LARGE, DeadLetterReason.TIMESTAMP_FUTURE);
        assertThat(dead).allSatisfy(d -> {
            assertThat(d.sourceTopic()).isEqualTo(config.topics().authEvents());
            assertThat(d.sourceOffset()).isGreaterThanOrEqualTo(0);
        });
    }

    private static KafkaProducer<String, byte[]> producer() {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", BROKER.kafka().bootstrapServers());
        props.put("acks", "all");
        props.put("max.request.size", 2 * 1024 * 1024);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

}
