package io.breachwatch.detector.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.detector.cli.BreachwatchCli;
import io.breachwatch.detector.config.DetectorConfig;
import io.breachwatch.detector.local.LocalBroker;
import io.breachwatch.schema.ApiCallEvent;
import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.CanonicalEvent;
import io.breachwatch.schema.NetworkEvent;
import io.breachwatch.schema.json.EventJson;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * `breachwatch simulate` against a real local broker: every event it reports sent is on the right input topic,
 * keyed by its entity, with the event time as record timestamp, readable by the strict JSON mapping.
 */
@Tag("broker")
@Timeout(180)
class SimulateCommandIT {
    @RegisterExtension
    static final LocalBroker BROKER = new LocalBroker();

    private record Sent(int exit, String output, long events) {
    }

    private static Sent simulate(Map<String, String> topics, String... args) {
        List<String> all = new ArrayList<>(List.of("simulate", "--bootstrap-servers",
                BROKER.kafka().bootstrapServers()));
        topics.forEach((key, topic) -> all.addAll(List.of("--set", key + "=" + topic)));
        all.addAll(List.of(args));
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            exit = BreachwatchCli.execute(all.toArray(String[]::new));
        } finally {
            System.setOut(original);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        Matcher done = Pattern.compile("simulate: done\\. ([0-9,]+) events").matcher(output);
        return new Sent(exit, output, done.find() ? Long.parseLong(done.group(1).replace(",", "")) : -1);
    }

    private static Map<String, String> isolatedTopics() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> topics = Map.of(DetectorConfig.TOPIC_AUTH, "sim-auth-" + suffix,
                DetectorConfig.TOPIC_API, "sim-api-" + suffix, DetectorConfig.TOPIC_NET, "sim-net-" + suffix);
        Map<String, Integer> partitions = new HashMap<>();
        topics.values().forEach(t -> partitions.put(t, 4));
        BROKER.kafka().createTopics(partitions);
        return topics;
    }

    /** Reads every topic until {@code expected} records have arrived (bounded wait). */
    private static List<ConsumerRecord<String, byte[]>> readAll(Map<String, String> topics, long expected) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "sim-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(topics.values());
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    @Test
    void fastModeSendsTheWholeScenarioKeyedByEntityWithEventTimeTimestamps() {
        Map<String, String> topics = isolatedTopics();
        Instant before = Instant.now();

        Sent sent = simulate(topics, "--scenario", "brute-force", "--fast", "--duration", "3m", "--attack-at", "1m",
                "--rate", "200");

        assertThat(sent.exit()).as(sent.output()).isZero();
        assertThat(sent.output()).contains("scenario brute-force").contains("expected auth.brute_force.account, "
                + "auth.brute_force.source").contains("about source_ip=203.0.113.66");
        assertThat(sent.events()).isBetween(36_000L, 37_000L);
        List<ConsumerRecord<String, byte[]>> records = readAll(topics, sent.events());
        assertThat(records).hasSize((int) sent.events());
        long attack = 0;
        for (ConsumerRecord<String, byte[]> record : records) {
            CanonicalEvent event = read(topics, record);
            assertThat(record.timestamp()).isEqualTo(event.timestamp().toEpochMilli());
            assertThat(record.key()).isEqualTo(SimulatedEvent.of(event).key());
            // Virtual time: the three minutes before the command ran.
            assertThat(event.timestamp()).isAfterOrEqualTo(before.minus(Duration.ofMinutes(3)).minusSeconds(1))
                    .isBefore(Instant.now());
            if (event instanceof AuthEvent auth && auth.sourceIp().equals("203.0.113.66")) {
                attack++;
            }
        }
        assertThat(attack).isEqualTo(60);
    }

    @Test
    void realTimeModeStampsEventsWithTheTimeTheyAreSent() {
        Map<String, String> topics = isolatedTopics();
        Instant before = Instant.now();

        Sent sent = simulate(topics, "--scenario", "normal", "--duration", "3s", "--rate", "100");
        Instant after = Instant.now();

        assertThat(sent.exit()).as(sent.output()).isZero();
        assertThat(sent.events()).isBetween(280L, 320L);
        List<ConsumerRecord<String, byte[]>> records = readAll(topics, sent.events());
        assertThat(records).hasSize((int) sent.events());
        for (ConsumerRecord<String, byte[]> record : records) {
            assertThat(Instant.ofEpochMilli(record.timestamp())).isBetween(before, after);
        }
    }

    private static CanonicalEvent read(Map<String, String> topics, ConsumerRecord<String, byte[]> record) {
        Class<? extends CanonicalEvent> type = record.topic().equals(topics.get(DetectorConfig.TOPIC_AUTH))
                ? AuthEvent.class : record.topic().equals(topics.get(DetectorConfig.TOPIC_API)) ? ApiCallEvent.class
                : NetworkEvent.class;
        return EventJson.strict().read(record.value(), type);
    }
}
