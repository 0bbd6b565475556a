package io.breachwatch.detector.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Keyed pseudonyms: HMAC-SHA256, deterministic per key, personal data recognised, the key never shown. */
class PseudonymsTest {
    private static final Pseudonyms KEY_A = Pseudonyms.withKey("a-test-key-of-32-bytes-0123456789"
            .getBytes(StandardCharsets.UTF_8));
    private static final Pseudonyms KEY_B = Pseudonyms.withKey("another-test-key-of-32-bytes-0123"
            .getBytes(StandardCharsets.UTF_8));

    @Test
    void aPseudonymIsTheStartOfTheHmacSha256OfTheName() {
        // RFC 4231 test case 1: key 20 x 0x0b, data "Hi There", HMAC-SHA256 b0344c61d8db3853 5ca8afce…
        byte[] key = new byte[20];
        Arrays.fill(key, (byte) 0x0b);

        assertThat(Pseudonyms.withKey(key).of("Hi There")).isEqualTo("anon-b0344c61d8db3853");
    }

    @Test
    void theSameKeyAndNameAlwaysGiveTheSamePseudonymAndAnotherKeyAnother() {
        assertThat(KEY_A.of("alice")).isEqualTo(KEY_A.of("alice")).matches("anon-[0-9a-f]{16}")
                .isNotEqualTo(KEY_A.of("alicf")).isNotEqualTo(KEY_B.of("alice"));
        // From many threads at once (a Mac is not thread-safe; each call uses its own)
        List<String> parallel = IntStream.range(0, 20_000).parallel().mapToObj(i -> KEY_A.of("user" + (i % 50)))
                .toList();
        assertThat(parallel).containsExactlyElementsOf(IntStream.range(0, 20_000)
                .mapToObj(i -> KEY_A.of("user" + (i % 50))).toList());
    }

    @Test
    void userNamesAnywhereAndEmailAddressesInAnyFieldArePersonal() {
        assertThat(Pseudonyms.personal("user", "root")).isTrue();
        assertThat(Pseudonyms.personal("user", "203.0.113.7")).isTrue();
        assertThat(Pseudonyms.personal("client_id", "jane.doe@example.com")).isTrue();
        assertThat(Pseudonyms.personal("customer_id", "c+tag@mail.example.org")).isTrue();
        assertThat(Pseudonyms.personal("client_id", "vendor-acme")).isFalse();
        assertThat(Pseudonyms.personal("source_ip", "203.0.113.7")).isFalse();
        assertThat(Pseudonyms.personal("operation", "GET /users/{id}")).isFalse();
        assertThat(Pseudonyms.personal("client_id", "not an@email.com")).isFalse();
        assertThat(Pseudonyms.personal("user", null)).isFalse();
    }

    @Test
    void applyReplacesOnlyPersonalDataAndOnlyWhenOn() {
        assertThat(KEY_A.apply("user", "root")).isEqualTo(KEY_A.of("root"));
        assertThat(KEY_A.apply("client_id", "vendor-acme")).isEqualTo("vendor-acme");
        assertThat(KEY_A.apply("user", null)).isNull();
        assertThat(Pseudonyms.OFF.apply("user", "root")).isEqualTo("root");
        assertThat(Pseudonyms.OFF.enabled()).isFalse();
    }

    @Test
    void theKeyIsNeverShownAndAShortOneIsRefusedByLengthOnly() {
        assertThat(KEY_A.toString()).isEqualTo("Pseudonyms[on, key hidden]");
        assertThat(Pseudonyms.OFF.toString()).isEqualTo("Pseudonyms[off]");
        assertThatThrownBy(() -> Pseudonyms.withKey("short-secret".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the pseudonymization key is 12 bytes long; it must have at least 16 (32 random bytes "
                        + "are recommended)");
    }
}
