package io.breachwatch.schema.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.schema.fuzz.Fuzz;
import io.breachwatch.schema.fuzz.Hostile;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The UTF-8 check agrees with the JDK's strict decoder on every input, and names where the first bad byte is. */
class Utf8Test {

    private static boolean jdkAccepts(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static byte[] anyBytes(Random r) {
        return switch (r.nextInt(3)) {
            case 0 -> Hostile.bytes(r, 40);
            case 1 -> Hostile.damagedUtf8(r, Hostile.text(r, 20));
            default -> Hostile.text(r, 30).getBytes(StandardCharsets.UTF_8);
        };
    }

    @Test
    void agreesWithTheJdkDecoderOnAnyBytes() {
        Fuzz.forAll("utf-8 check", 20_000, Utf8Test::anyBytes, bytes -> {
            int invalid = Utf8.firstInvalid(bytes);

            assertThat(invalid == -1).isEqualTo(jdkAccepts(bytes));
            if (invalid >= 0) {
                // Everything before the reported byte is well-formed, so it is the first bad sequence
                assertThat(jdkAccepts(java.util.Arrays.copyOf(bytes, invalid))).isTrue();
            }
        });
    }

    @Test
    void everyCodePointEncodedByTheJdkIsAccepted() {
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            if (cp >= 0xD800 && cp <= 0xDFFF) {
                continue;
            }
            byte[] bytes = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
            assertThat(Utf8.firstInvalid(bytes)).as("U+%04X", cp).isEqualTo(-1);
        }
    }

    @Test
    void illFormedSequencesAreRejectedAtTheirFirstByte() {
        int[][] illFormed = {{0x80}, {0xC0, 0x80}, {0xC1, 0xBF}, {0xE0, 0x9F, 0xBF}, {0xED, 0xA0, 0x80},
            {0xF0, 0x8F, 0xBF, 0xBF}, {0xF4, 0x90, 0x80, 0x80}, {0xF5, 0x80, 0x80, 0x80}, {0xFF}, {0xE2, 0x82}};
        for (int[] sequence : illFormed) {
            byte[] bytes = new byte[sequence.length + 2];
            bytes[0] = 'a';
            bytes[1] = 'b';
            for (int i = 0; i < sequence.length; i++) {
                bytes[i + 2] = (byte) sequence[i];
            }
            assertThat(Utf8.firstInvalid(bytes)).isEqualTo(2);
        }
    }
}
