package io.breachwatch.detector.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Long attacker-controlled values are kept short in state, stay distinct, and stay recognisable. */
class BoundedTextTest {

    @Test
    void ordinaryValuesAreKeptAsTheyAre() {
        assertThat(BoundedText.of("3f2b9c1e-8d4a-4c6b-9e2f-0a1b2c3d4e5f")).isEqualTo("3f2b9c1e-8d4a-4c6b-9e2f-0a1b2c3d4e5f");
        assertThat(BoundedText.of("x".repeat(48))).isEqualTo("x".repeat(48));
        assertThat(BoundedText.of(null)).isNull();
    }

    @Test
    void longValuesBecomeAPrefixAndADigestThatKeepsThemDistinct() {
        String a = "customer-" + "a".repeat(200) + "1";
        String b = "customer-" + "a".repeat(200) + "2";

        assertThat(BoundedText.of(a)).hasSizeLessThanOrEqualTo(BoundedText.MAX).startsWith("customer-aaa")
                .isNotEqualTo(BoundedText.of(b));
        assertThat(BoundedText.of(a)).isEqualTo(BoundedText.of(a));
        assertThat(BoundedText.of(BoundedText.of(a))).as("idempotent: decoded state is not rewritten")
                .isEqualTo(BoundedText.of(a));
    }

    @Test
    void aLoggedEntryKeepsAtMostTheBoundForLabelAndEventId() {
        EventLog.Entry entry = new EventLog.Entry(0, "u".repeat(256), 1, 0, true, "e".repeat(128));

        assertThat(entry.label()).hasSizeLessThanOrEqualTo(BoundedText.MAX);
        assertThat(entry.eventId()).hasSizeLessThanOrEqualTo(BoundedText.MAX);
    }
}
