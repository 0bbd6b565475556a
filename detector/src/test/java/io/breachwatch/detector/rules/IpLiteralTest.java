package io.breachwatch.detector.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Dotted quads read digit by digit: exactly four decimal parts of one to three digits, each at most 255. */
class IpLiteralTest {

    @Test
    void dottedQuadsBecomeTheirFourBytes() {
        assertThat(IpLiteral.parse("10.20.30.40")).containsExactly(10, 20, 30, 40);
        assertThat(IpLiteral.parse("0.0.0.0")).containsExactly(0, 0, 0, 0);
        assertThat(IpLiteral.parse("255.255.255.255")).containsExactly(-1, -1, -1, -1);
        assertThat(IpLiteral.parse("192.168.001.010")).containsExactly(192 - 256, 168 - 256, 1, 10);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0", "10.0.0.1.", ".10.0.0.1", "10..0.1", "10.0.0.256", "1000.0.0.1",
        "0010.0.0.1", "10.0.0.+1", "10.0.0.-1", "10.0.0.1 ", " 10.0.0.1", "10.0.0.1/8", "a.b.c.d",
        "\u0661\u0660.0.0.1", "10.0.0.\uff11", "10.0.0.1\n", "999.1.1.1", "1.2.3.4.5"})
    void anythingElseIsNotAnAddress(String text) {
        assertThat(IpLiteral.parse(text)).isNull();
    }

    @Test
    void ipv6StillParses() {
        assertThat(IpLiteral.parse("2001:db8::1")).hasSize(16).endsWith(0, 1);
        assertThat(IpLiteral.parse("1::2::3")).isNull();
    }
}
