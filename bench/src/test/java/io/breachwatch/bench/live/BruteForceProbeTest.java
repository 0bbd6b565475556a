package io.breachwatch.bench.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.AuthOutcome;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BruteForceProbeTest {
    private static final Instant NOW = Instant.parse("2026-11-24T05:00:00Z");

    @Test
    void everyProbeHasItsOwnAddressInTheBenchmarkingRange() {
        assertThat(new BruteForceProbe(0).sourceIp()).isEqualTo("198.18.0.1");
        assertThat(new BruteForceProbe(255).sourceIp()).isEqualTo("198.18.1.0");
        assertThat(new BruteForceProbe(65_535).sourceIp()).isEqualTo("198.19.0.0");
        assertThat(new BruteForceProbe(BruteForceProbe.MAX_PROBES - 2).sourceIp()).isEqualTo("198.19.255.255");
        assertThatThrownBy(() -> new BruteForceProbe(BruteForceProbe.MAX_PROBES - 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eightFailuresForOneAccountAndOnlyTheLastTriggers() {
        BruteForceProbe probe = new BruteForceProbe(41);

        AuthEvent last = probe.failure(7, NOW);

        assertThat(last).isEqualTo(new AuthEvent("bench-probe-41-7", NOW, "probe41", "198.18.0.42",
                AuthOutcome.FAILURE, "password", "bad_password", "sshd", "bench-host"));
        assertThat(probe.alertKey()).isEqualTo("source_ip=198.18.0.42");
        assertThat(probe.triggers(6)).isFalse();
        assertThat(probe.triggers(7)).isTrue();
        assertThatThrownBy(() -> probe.failure(8, NOW)).isInstanceOf(IllegalArgumentException.class);
    }
}
