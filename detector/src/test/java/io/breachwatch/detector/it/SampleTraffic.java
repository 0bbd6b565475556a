package io.breachwatch.detector.it;

import io.breachwatch.detector.config.DetectorConfig;
import io.breachwatch.schema.ApiCallEvent;
import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.AuthOutcome;
import io.breachwatch.schema.NetworkEvent;
import io.breachwatch.schema.json.EventJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Input that makes every breachwatch metric family move, stamped with the wall clock: events of each type, a brute
 * force (one {@code auth.brute_force.source} alert), one unreadable record and one late event.
 */
final class SampleTraffic implements AutoCloseable {
    static final String ATTACKER = "203.0.113.7";
    /** The late event's source: its second event is 20 minutes older than its first (grace: 15 minutes). */
    static final String LATE_SOURCE = "203.0.113.8";

    private final DetectorConfig config;
    private final KafkaProducer<String, byte[]> producer;

    SampleTraffic(DetectorConfig config) {
        this.config = config;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 262_144),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** Sends one event of each type, 9 failures from {@link #ATTACKER} against root, a malformed record, a late one. */
    void everyKind(Instant now) {
        api(new ApiCallEvent(id(), now, "vendor-acme", "third_party", "198.51.100.10", "GET", "orders.list", 200,
                512L, 3L, "c1"));
        net(new NetworkEvent(id(), now, "10.10.0.5", 40_000, "93.184.216.34", 443, "tcp", 1_000L, 2_000L, "SF"));
        for (int i = 0; i < 9; i++) {
            auth(new AuthEvent(id(), now.minusSeconds(9 - i), "root", ATTACKER, AuthOutcome.FAILURE, "password",
                    "bad_password", "sshd", "h1"));
        }
        auth(new AuthEvent(id(), now, "late-test", LATE_SOURCE, AuthOutcome.SUCCESS, "password", null, "sshd", "h1"));
        auth(new AuthEvent(id(), now.minus(Duration.ofMinutes(20)), "late-test", LATE_SOURCE, AuthOutcome.SUCCESS,
                "password", null, "sshd", "h1"));
        producer.send(new ProducerRecord<>(config.topics().authEvents(), "junk",
                "not json".getBytes(StandardCharsets.UTF_8)));
        producer.flush();
    }

    void auth(AuthEvent event) {
        producer.send(new ProducerRecord<>(config.topics().authEvents(), event.sourceIp(),
                EventJson.strict().write(event)));
    }

    void api(ApiCallEvent event) {
        producer.send(new ProducerRecord<>(config.topics().apiEvents(), event.clientId(),
                EventJson.strict().write(event)));
    }

    void net(NetworkEvent event) {
        producer.send(new ProducerRecord<>(config.topics().netEvents(), event.srcIp(),
                EventJson.strict().write(event)));
    }

    void flush() {
        producer.flush();
    }

    static String id() {
        return UUID.randomUUID().toString();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
