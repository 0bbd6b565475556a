package io.breachwatch.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Reading an input topic never throws: every record becomes a valid event or a rejection carrying its bytes. */
class EventDecoderTest {
    private static final String AUTH = "{\"event_id\":\"sshd-4f2a9c\",\"timestamp\":\"2026-03-14T09:12:48Z\","
            + "\"user\":\"root\",\"source_ip\":\"203.0.113.7\",\"outcome\":\"failure\"}";

    private final EventDecoder<AuthEvent> decoder = new EventDecoder<>(AuthEvent.class);

    @Test
    void validEventIsDecoded() {
        Decoded<AuthEvent> decoded = decoder.deserializer().deserialize("breachwatch.events.auth", bytes(AUTH));

        assertThat(decoded).isInstanceOfSatisfying(Decoded.Valid.class,
                valid -> assertThat(((AuthEvent) valid.event()).user()).isEqualTo("root"));
    }

    @Test
    void tombstoneIsRejectedWithoutPayload() {
        Decoded<AuthEvent> decoded = decoder.deserializer().deserialize("breachwatch.events.auth", null);

        assertThat(decoded).isInstanceOfSatisfying(Decoded.Rejected.class, rejected -> {
            assertThat(rejected.reason()).isEqualTo(DeadLetterReason.MALFORMED_JSON);
            assertThat(rejected.payload()).isNull();
        });
    }

    @Test
    void emptyGarbageAndNullDocumentsAreRejectedKeepingTheirBytes() {
        // Given
        List<byte[]> payloads = List.of(new byte[0], bytes("not json"), new byte[] {(byte) 0xFF, 0, 1, 2},
                bytes("null"), bytes("[]"), bytes(AUTH + "}"));

        for (byte[] payload : payloads) {
            // When
            Decoded<AuthEvent> decoded = decoder.decode(payload);

            // Then
            assertThat(decoded).isInstanceOfSatisfying(Decoded.Rejected.class, rejected -> {
                assertThat(DeadLetterReason.ALL).contains(rejected.reason());
                assertThat(rejected.payload()).isSameAs(payload);
                assertThat(rejected.detail()).isNotBlank();
            });
        }
    }

    @Test
    void invalidFieldIsRejectedNamingIt() {
        Decoded<AuthEvent> decoded = decoder.decode(bytes(AUTH.replace("\"failure\"", "\"maybe\"")));

        assertThat(decoded).isInstanceOfSatisfying(Decoded.Rejected.class, rejected -> {
            assertThat(rejected.reason()).isEqualTo(DeadLetterReason.INVALID_FIELD);
            assertThat(rejected.field()).isEqualTo("outcome");
        });
    }

    @Test
    void randomlyDamagedEventsNeverThrow() {
        // Given 5000 copies of a valid event, each truncated or with a few bytes overwritten (fixed seed)
        Random random = new Random(20260314);
        byte[] original = bytes(AUTH);
        List<String> thrown = new ArrayList<>();

        for (int i = 0; i < 5000; i++) {
            byte[] damaged = random.nextBoolean()
                    ? java.util.Arrays.copyOf(original, random.nextInt(original.length))
                    : original.clone();
            for (int flips = random.nextInt(4); flips > 0 && damaged.length > 0; flips--) {
                damaged[random.nextInt(damaged.length)] = (byte) random.nextInt(256);
            }

            // When
            try {
                Decoded<AuthEvent> decoded = decoder.decode(damaged);

                // Then: a rejection always makes a valid dead letter (building one must not fail either)
                if (decoded instanceof Decoded.Rejected<AuthEvent> rejected) {
                    assertThat(rejected.payload()).isSameAs(damaged);
                    deadLetterOf(rejected);
                }
            } catch (RuntimeException e) {
                thrown.add(e.toString());
            }
        }
        assertThat(thrown).isEmpty();
    }

    @Test
    void blankFieldNameIsQuotedSoThatTheDeadLetterNamesIt() {
        for (String name : new String[] {"", " ", "\\n"}) {
            // Given an unknown field with a blank name
            Decoded<AuthEvent> decoded = decoder.decode(bytes(AUTH.replace("{", "{\"" + name + "\":1,")));

            // When / Then
            assertThat(decoded).isInstanceOfSatisfying(Decoded.Rejected.class, rejected -> {
                assertThat(rejected.field()).isNotBlank().startsWith("\"").endsWith("\"");
                assertThat(deadLetterOf((Decoded.Rejected<?>) rejected).field()).isEqualTo(rejected.field());
            });
        }
    }

    @Test
    void serializerWritesValidEventsAndPassesRejectedBytesThrough() {
        // Given
        Decoded<AuthEvent> valid = decoder.decode(bytes(AUTH));
        byte[] garbage = bytes("garbage");
        Decoded<AuthEvent> rejected = decoder.decode(garbage);

        // When / Then
        assertThat(decoder.decode(decoder.serializer().serialize("t", valid))).isEqualTo(valid);
        assertThat(decoder.serializer().serialize("t", rejected)).isSameAs(garbage);
    }

    /** As the detector builds dead letters from rejections. */
    private static DeadLetter deadLetterOf(Decoded.Rejected<?> rejected) {
        byte[] payload = rejected.payload();
        String text = payload == null ? null : new String(payload, StandardCharsets.UTF_8);
        return new DeadLetter(rejected.reason(), rejected.detail(), rejected.field(), "breachwatch.events.auth", 0,
                42, java.time.Instant.EPOCH, java.time.Instant.parse("2026-03-14T09:12:49Z"),
                payload == null ? 0 : payload.length, text, false);
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
