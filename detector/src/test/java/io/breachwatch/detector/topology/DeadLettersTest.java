package io.breachwatch.detector.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.schema.DeadLetter;
import io.breachwatch.schema.DeadLetterReason;
import io.breachwatch.schema.Topics;
import io.breachwatch.schema.fuzz.Fuzz;
import io.breachwatch.schema.fuzz.Hostile;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/** A dead letter can be made from any payload, carries at most its first 16 Ki characters, and is readable. */
class DeadLettersTest {
    private static final Instant T = Instant.parse("2026-03-14T12:00:00Z");
    private static final Serde<DeadLetter> SERDE = Topics.DEFAULT.deadLetterTopic().valueSerde();

    @Test
    void tenMebibytesAreCutToTheFirst16KiCharactersAndTheSizeIsKept() {
        byte[] payload = "x".repeat(10 * 1024 * 1024).getBytes(StandardCharsets.UTF_8);

        DeadLetter letter = DeadLetters.of(DeadLetterReason.TOO_LARGE, null, "too large", payload, null, 0, T);

        assertThat(letter.payload()).isEqualTo("x".repeat(DeadLetter.MAX_PAYLOAD_CHARS));
        assertThat(letter.payloadTruncated()).isTrue();
        assertThat(letter.payloadSize()).isEqualTo(10 * 1024 * 1024);
        assertThat(SERDE.serializer().serialize("t", letter).length).isLessThan(20_000);
    }

    @Test
    void theCutNeverSplitsACharacterOutsideTheBasicPlane() {
        // Given "a" and then emoji (two UTF-16 units each): the 16,384th unit is the first half of one
        byte[] payload = ("a" + "\uD83D\uDE00".repeat(20_000)).getBytes(StandardCharsets.UTF_8);

        DeadLetter letter = DeadLetters.of(DeadLetterReason.TOO_LARGE, null, "too large", payload, null, 0, T);

        assertThat(letter.payload()).hasSize(DeadLetter.MAX_PAYLOAD_CHARS - 1)
                .isEqualTo("a" + "\uD83D\uDE00".repeat((DeadLetter.MAX_PAYLOAD_CHARS - 2) / 2));
    }

    @Test
    void anyPayloadMakesAReadableDeadLetter() {
        Fuzz.forAll("dead letter of any payload", 1000, r -> r.nextInt(20) == 0
                ? Hostile.bytes(r, 200_000) : Hostile.bytes(r, 500), payload -> {
            DeadLetter letter = DeadLetters.of(DeadLetterReason.MALFORMED_JSON, null, "x", payload, null, -5, T);

            assertThat(SERDE.deserializer().deserialize("t", SERDE.serializer().serialize("t", letter)))
                    .isEqualTo(letter);
            assertThat(letter.payloadSize()).isEqualTo(payload.length);
        });
    }
}
