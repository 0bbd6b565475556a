package io.breachwatch.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.schema.fuzz.Fuzz;
import io.breachwatch.schema.fuzz.Hostile;
import io.breachwatch.schema.fuzz.ValidRecords;
import io.breachwatch.schema.json.EventJson;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/**
 * Properties of every serde over generated input. Input topics: whatever bytes arrive, {@link EventDecoder} answers
 * with an event or a rejection that can become a dead letter, and never throws. Every record type: a valid value is
 * read back exactly as written, through the topic registry's serde. Output topics (alerts, incidents, dead letters),
 * read by pagers and analysts: anything unreadable is an {@link InvalidEventException} with a reason, nothing else.
 */
class SerdeFuzzTest {
    private static final Set<String> DECODE_REASONS = Set.of(DeadLetterReason.MALFORMED_JSON,
            DeadLetterReason.TOO_LARGE, DeadLetterReason.INVALID_FIELD);
    private static final Instant T = Instant.parse("2026-03-14T09:12:48Z");

    private static final String AUTH = "{\"event_id\":\"sshd-4f2a9c\",\"timestamp\":\"2026-03-14T09:12:48Z\","
            + "\"user\":\"root\",\"source_ip\":\"203.0.113.7\",\"outcome\":\"failure\",\"method\":\"password\","
            + "\"reason\":\"bad_password\",\"service\":\"sshd\",\"host\":\"bastion\"}";
    private static final String API = "{\"event_id\":\"a1\",\"timestamp\":\"2026-03-14T09:12:48.250+01:00\","
            + "\"client_id\":\"vendor-acme\",\"client_type\":\"third_party\",\"source_ip\":\"198.51.100.23\","
            + "\"method\":\"GET\",\"operation\":\"GET /orders/{id}\",\"status\":200,\"response_bytes\":5120,"
            + "\"records\":1,\"customer_id\":\"c-17\"}";
    private static final String NET = "{\"event_id\":\"C1\",\"timestamp\":\"2026-03-14T09:12:48Z\","
            + "\"src_ip\":\"10.10.0.173\",\"src_port\":50000,\"dst_ip\":\"192.0.2.1\",\"dst_port\":443,"
            + "\"protocol\":\"tcp\",\"bytes_out\":1000,\"bytes_in\":20,\"state\":\"SF\"}";

    private record Input<T extends CanonicalEvent>(Class<T> type, String sample, List<String> keys,
                                                   Function<Random, T> valid) {
    }

    private static final List<Input<?>> INPUTS = List.of(
            new Input<>(AuthEvent.class, AUTH, List.of("event_id", "timestamp", "user", "source_ip", "outcome",
                    "method", "reason", "service", "host"), ValidRecords::auth),
            new Input<>(ApiCallEvent.class, API, List.of("event_id", "timestamp", "client_id", "client_type",
                    "source_ip", "method", "operation", "status", "response_bytes", "records", "customer_id"),
                    ValidRecords::api),
            new Input<>(NetworkEvent.class, NET, List.of("event_id", "timestamp", "src_ip", "src_port", "dst_ip",
                    "dst_port", "protocol", "bytes_out", "bytes_in", "state"), ValidRecords::net));

    /** Hostile bytes of every kind: garbage, damaged UTF-8, mutated samples, JSON of the wrong shape, nesting. */
    private static byte[] hostileBytes(Random r, Input<?> input) {
        return switch (r.nextInt(7)) {
            case 0 -> Hostile.bytes(r, 300);
            case 1 -> Hostile.damagedUtf8(r, input.sample());
            case 2 -> Hostile.mutate(r, input.sample().getBytes(StandardCharsets.UTF_8));
            case 3 -> Hostile.mutate(r, input.sample(), "{}[]\":,\\0123456789.eE-tfnul ").getBytes(StandardCharsets.UTF_8);
            case 4 -> Hostile.jsonish(r, input.keys()).getBytes(StandardCharsets.UTF_8);
            case 5 -> Hostile.nested(r, 1 + r.nextInt(r.nextBoolean() ? 12 : 40_000), input.sample())
                    .getBytes(StandardCharsets.UTF_8);
            default -> input.sample().replace("\"root\"", Hostile.quote(Hostile.text(r, 20_000)))
                    .replace("\"vendor-acme\"", Hostile.quote(Hostile.text(r, 400)))
                    .getBytes(StandardCharsets.UTF_8);
        };
    }

    @Test
    void inputTopicsAnswerEveryRecordWithAnEventOrADeadLetterableRejection() {
        for (Input<?> input : INPUTS) {
            EventDecoder<?> decoder = new EventDecoder<>(input.type());
            Fuzz.forAll("decode " + input.type().getSimpleName(), 2000, r -> hostileBytes(r, input), bytes -> {
                Decoded<?> decoded = decoder.decode(bytes);
                if (decoded instanceof Decoded.Rejected<?> rejected) {
                    assertThat(rejected.reason()).isIn(DECODE_REASONS);
                    assertThat(rejected.payload()).isSameAs(bytes);
                    // Whatever the detail and field say, they fit a dead letter (the topology builds one from them)
                    new DeadLetter(rejected.reason(), rejected.detail(), rejected.field(), "t", 0, 0, T, T,
                            bytes.length, null, false);
                } else {
                    CanonicalEvent event = (CanonicalEvent) ((Decoded.Valid<?>) decoded).event();
                    assertThat(decoder.decode(EventJson.strict().write(event)))
                            .isEqualTo(new Decoded.Valid<>(event));
                }
            });
        }
    }

    @Test
    void tombstonesAreRejectedWithoutAPayload() {
        for (Input<?> input : INPUTS) {
            Decoded<?> decoded = new EventDecoder<>(input.type()).deserializer().deserialize("t", null);
            assertThat(decoded).isEqualTo(new Decoded.Rejected<>(DeadLetterReason.MALFORMED_JSON, null,
                    "value is null (tombstone)", null));
        }
    }

    @Test
    void validInputEventsRoundTripExactlyThroughTheTopicSerdes() {
        for (Input<?> input : INPUTS) {
            roundTrip(input.type().getSimpleName(), input.valid(), input.type() == AuthEvent.class
                    ? anyDecoded(Topics.DEFAULT.auth().valueSerde()) : input.type() == ApiCallEvent.class
                    ? anyDecoded(Topics.DEFAULT.api().valueSerde()) : anyDecoded(Topics.DEFAULT.net().valueSerde()));
        }
    }

    @Test
    void alertsIncidentsAndDeadLettersRoundTripExactlyThroughTheTopicSerdes() {
        roundTrip("Alert", ValidRecords::alert, Topics.DEFAULT.alertTopic().valueSerde());
        roundTrip("Incident", ValidRecords::incident, Topics.DEFAULT.incidentTopic().valueSerde());
        roundTrip("DeadLetter", ValidRecords::deadLetter, Topics.DEFAULT.deadLetterTopic().valueSerde());
    }

    @Test
    void outputTopicsRejectHostileBytesOnlyWithInvalidEventException() {
        Instant t = T;
        String alert = EventJson.strict().writeString(new Alert("a1", "auth.brute_force.source", "Brute force",
                Severity.MEDIUM, List.of("T1110.001"), Entity.sourceIp("203.0.113.7"), t, t, 8, 8, t, t, t,
                "Brute force: 8 failed logins", new Alert.Evidence(List.of("e1"), java.util.Map.of("user:root", 8L))));
        String incident = EventJson.strict().writeString(new Incident("i1", "Breach in progress?", Severity.HIGH,
                List.of(EventType.API, EventType.AUTH), List.of("a1", "a2"), List.of("r1", "r2"),
                List.of(Entity.sourceIp("203.0.113.7")), t, t, t, "api+auth"));
        String dead = EventJson.strict().writeString(new DeadLetter(DeadLetterReason.LATE, "late", "timestamp", "t",
                0, 7, t, t, 3, "abc", false));
        List<String> keys = List.of("alert_id", "rule_id", "entity", "evidence", "families", "entities", "reason",
                "payload", "payload_size", "observed", "detected_at");
        hostileOutput("Alert", alert, keys, Topics.DEFAULT.alertTopic().valueSerde());
        hostileOutput("Incident", incident, keys, Topics.DEFAULT.incidentTopic().valueSerde());
        hostileOutput("DeadLetter", dead, keys, Topics.DEFAULT.deadLetterTopic().valueSerde());
    }

    @Test
    void eventTimeExtractionAndPolicyNeverThrowAndNeverGoNegative() {
        Fuzz.forAll("event time", 2000, r -> r, r -> {
            Duration skew = Duration.ofSeconds(Math.floorMod(r.nextLong(), 400L * 365 * 86_400));
            Duration age = r.nextBoolean() ? null : Duration.ofSeconds(Math.floorMod(r.nextLong(), 400L * 365 * 86_400));
            Instant now = ValidRecords.instant(r);
            EventTimePolicy policy = new EventTimePolicy(skew, age, Clock.fixed(now, ZoneOffset.UTC));
            AuthEvent event = ValidRecords.auth(r);
            String reason = policy.check(event.timestamp());
            if (reason != null) {
                assertThat(reason).isIn(DeadLetterReason.TIMESTAMP_FUTURE, DeadLetterReason.TIMESTAMP_PAST);
                assertThat(policy.explain(reason, event.timestamp())).contains(event.timestamp().toString());
            }
            long partitionTime = r.nextBoolean() ? -1 : r.nextLong() & Long.MAX_VALUE;
            Object value = r.nextBoolean() ? new Decoded.Valid<>(event)
                    : new Decoded.Rejected<AuthEvent>(DeadLetterReason.MALFORMED_JSON, null, "x", new byte[0]);
            long extracted = new EventTimeExtractor(policy).extract(new ConsumerRecord<>("t", 0, 0,
                    r.nextLong(), org.apache.kafka.common.record.TimestampType.CREATE_TIME, 0, 0, null, value,
                    new org.apache.kafka.common.header.internals.RecordHeaders(), java.util.Optional.empty()),
                    partitionTime);
            assertThat(extracted).isNotNegative();
            if (reason == null && value instanceof Decoded.Valid<?>) {
                assertThat(extracted).isEqualTo(event.timestamp().toEpochMilli());
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static <T> Serde<Object> anyDecoded(Serde<Decoded<T>> serde) {
        Serde<?> s = serde;
        return (Serde<Object>) s;
    }

    @SuppressWarnings("unchecked")
    private static <T> void roundTrip(String name, Function<Random, T> generator, Serde<?> serde) {
        Serde<Object> any = (Serde<Object>) serde;
        boolean decoded = name.endsWith("Event");
        Fuzz.forAll(name + " round trip", 1000, generator, value -> {
            Object written = decoded ? new Decoded.Valid<>((CanonicalEvent) value) : value;
            byte[] bytes = any.serializer().serialize("t", written);
            assertThat(any.deserializer().deserialize("t", bytes)).isEqualTo(written);
        });
    }

    private static <T> void hostileOutput(String name, String sample, List<String> keys, Serde<T> serde) {
        Fuzz.forAll(name + " hostile bytes", 1000, r -> switch (r.nextInt(5)) {
            case 0 -> Hostile.bytes(r, 300);
            case 1 -> Hostile.damagedUtf8(r, sample);
            case 2 -> Hostile.mutate(r, sample.getBytes(StandardCharsets.UTF_8));
            case 3 -> Hostile.mutate(r, sample, "{}[]\":,\\0123456789.eE-tfnul ").getBytes(StandardCharsets.UTF_8);
            default -> Hostile.jsonish(r, keys).getBytes(StandardCharsets.UTF_8);
        }, bytes -> {
            try {
                T value = serde.deserializer().deserialize("t", bytes);
                assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", value)))
                        .isEqualTo(value);
            } catch (InvalidEventException e) {
                assertThat(e.reason()).isIn(DECODE_REASONS);
                assertThat(e.getMessage()).isNotBlank();
            }
        });
    }
}
