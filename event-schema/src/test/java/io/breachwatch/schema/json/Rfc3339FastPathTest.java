package io.breachwatch.schema.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The digit-by-digit reading of {@code ...Z} timestamps must agree with the general reading (pattern, then
 * {@code java.time}) on every string: same instant where both read it, and never read what the general way rejects.
 */
class Rfc3339FastPathTest {

    private static void assertAgrees(String text) {
        Instant fast = Rfc3339.parseUtc(text);
        Instant general;
        try {
            general = Rfc3339.parseGeneral(text);
        } catch (DateTimeParseException e) {
            assertThat(fast).as("the fast path read '%s', which the general way rejects", text).isNull();
            assertThatThrownBy(() -> Rfc3339.parse(text)).isInstanceOf(DateTimeParseException.class);
            return;
        }
        if (fast != null) {
            assertThat(fast).as(text).isEqualTo(general);
        }
        assertThat(Rfc3339.parse(text)).as(text).isEqualTo(general);
    }

    @Test
    void edgeCasesAgree() {
        List<String> cases = List.of("2026-03-14T09:12:48Z", "2026-03-14T09:12:48.1Z", "2026-03-14T09:12:48.123456789Z",
                "2026-03-14T09:12:48.1234567890Z", "2026-03-14T09:12:48.Z", "2026-02-29T00:00:00Z",
                "2024-02-29T23:59:59Z", "2026-02-30T00:00:00Z", "2026-04-31T00:00:00Z", "2026-13-01T00:00:00Z",
                "2026-00-01T00:00:00Z", "2026-01-00T00:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01T23:60:00Z",
                "2026-01-01T23:59:60Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z",
                "1969-12-31T23:59:59.5Z", "2026-03-14t09:12:48Z", "2026-03-14T09:12:48z", "2026-03-14T09:12:48+00:00",
                "2026-03-14T10:12:48.250+01:00", "+2026-03-14T09:12:48Z", "2026-3-14T09:12:48Z", "2026-03-14T09:12Z",
                "2026-03-14 09:12:48Z", "2026-03-14T09:12:48.1a3Z", "2026-03-14T09:12:48.-1Z", "２０２６-03-14T09:12:48Z",
                "1900-02-29T00:00:00Z", "2000-02-29T00:00:00Z", "2026-03-14T09:12:48.000Z");
        cases.forEach(Rfc3339FastPathTest::assertAgrees);
        assertThat(Rfc3339.parseUtc("2026-03-14T09:12:48.250Z")).isEqualTo(Instant.parse("2026-03-14T09:12:48.250Z"));
    }

    @Test
    void randomTimestampsAndTheirMutationsAgree() {
        Random random = new Random(11);
        String alphabet = "0123456789-:.TZz+ ";
        List<String> cases = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            long seconds = random.nextLong(-62_167_219_200L, 253_402_300_800L);
            Instant t = Instant.ofEpochSecond(seconds, random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000));
            String text = Rfc3339.format(t);
            cases.add(text);
            char[] chars = text.toCharArray();
            chars[random.nextInt(chars.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
            cases.add(new String(chars));
        }
        cases.forEach(Rfc3339FastPathTest::assertAgrees);
    }
}
