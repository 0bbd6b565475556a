package io.breachwatch.detector.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Network membership without DNS: literals only. */
class CidrTest {
    private static final List<Cidr> PRIVATE = List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("172.16.0.0/12"),
            Cidr.parse("192.168.0.0/16"), Cidr.parse("fc00::/7"));

    @Test
    void ipv4AndIpv6Membership() {
        assertThat(Cidr.anyContains(PRIVATE, "10.20.30.40")).isTrue();
        assertThat(Cidr.anyContains(PRIVATE, "172.31.255.255")).isTrue();
        assertThat(Cidr.anyContains(PRIVATE, "172.32.0.1")).isFalse();
        assertThat(Cidr.anyContains(PRIVATE, "8.8.8.8")).isFalse();
        assertThat(Cidr.anyContains(PRIVATE, "fd12:3456::1")).isTrue();
        assertThat(Cidr.anyContains(PRIVATE, "2001:db8::1")).isFalse();
    }

    @Test
    void hostNamesAndGarbageAreNotAddresses() {
        assertThat(Cidr.anyContains(PRIVATE, "ec2-52-80-34-196.compute.amazonaws.com")).isFalse();
        assertThat(Cidr.anyContains(PRIVATE, "10.0.0")).isFalse();
        assertThat(Cidr.anyContains(PRIVATE, "10.0.0.256")).isFalse();
        assertThat(Cidr.anyContains(PRIVATE, "1::2::3")).isFalse();
        assertThat(Cidr.anyContains(PRIVATE, null)).isFalse();
    }

    @Test
    void badNetworksAreRejectedWhenRulesAreCompiled() {
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cidr.parse("example.com/8")).isInstanceOf(IllegalArgumentException.class);
    }
}
