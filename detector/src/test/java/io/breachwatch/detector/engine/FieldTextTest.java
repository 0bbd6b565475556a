package io.breachwatch.detector.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Field values as text: the same text as toString, ports and statuses shared rather than made per event. */
class FieldTextTest {

    @Test
    void textIsExactlyWhatToStringGives() {
        for (Object value : new Object[] {"203.0.113.7", 0, 22, 443, 65_535, 65_536, -1, Integer.MIN_VALUE,
            21_333_330L, Long.MAX_VALUE, true}) {
            assertThat(FieldText.of(value)).isEqualTo(value.toString());
        }
        assertThat(FieldText.of(null)).isNull();
    }

    @Test
    void portsAreOneSharedStringEach() {
        assertThat(FieldText.of(Integer.valueOf(8443))).isSameAs(FieldText.of(Integer.valueOf(8443)));
        assertThat(FieldText.of(70_000)).isNotSameAs(FieldText.of(70_000));
    }
}
