package io.breachwatch.detector.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breachwatch.detector.app.ClusterCheck.ClusterUnavailableException;
import io.breachwatch.detector.config.ConfigSources;
import io.breachwatch.detector.config.DetectorConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start-up check without a broker: what an operator reads when nothing listens, when the truststore is missing
 * and when a secret file referenced through a config provider is missing. The broker-side failures (wrong password,
 * misnamed certificate, missing ACL, missing topic) are in TransportSecurityIT.
 */
class ClusterCheckTest {

    @Test
    @Timeout(30)
    void nothingListeningFailsWithinTheTimeoutAndSaysWhatToCheck() throws IOException {
        String address = "127.0.0.1:" + closedPort();
        DetectorConfig config = config(Map.of("bootstrap.servers", address));

        long started = System.nanoTime();
        assertThatThrownBy(() -> ClusterCheck.verify(config, Duration.ofSeconds(2)))
                .isInstanceOf(ClusterUnavailableException.class)
                .hasMessageStartingWith("no broker of Kafka at " + address + " answered")
                .hasMessageContaining("Check bootstrap.servers");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aMissingTruststoreIsNamed(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("no-such-truststore.p12");
        DetectorConfig config = config(Map.of("bootstrap.servers", "127.0.0.1:" + closedPort(),
                "security.protocol", "SSL", "ssl.truststore.location", missing.toString(),
                "ssl.truststore.password", "not-the-point"));

        assertThatThrownBy(() -> ClusterCheck.verify(config, Duration.ofSeconds(2)))
                .isInstanceOf(ClusterUnavailableException.class)
                .hasMessageStartingWith("cannot set up a client for Kafka at 127.0.0.1:")
                .hasMessageContaining(missing.toString())
                .hasMessageNotContaining("not-the-point");
    }

    @Test
    void aMissingSecretFileBehindAConfigProviderIsNamed(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("kafka-secrets.properties");
        DetectorConfig config = config(Map.of("bootstrap.servers", "127.0.0.1:" + closedPort(),
                "security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "SCRAM-SHA-512",
                "config.providers", "file",
                "config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider",
                "sasl.jaas.config", "${file:" + missing + ":jaas}"));

        assertThatThrownBy(() -> ClusterCheck.verify(config, Duration.ofSeconds(2)))
                .isInstanceOf(ClusterUnavailableException.class)
                .hasMessageStartingWith("cannot set up a client for Kafka at 127.0.0.1:")
                .hasMessageContaining("kafka-secrets.properties");
    }

    private static DetectorConfig config(Map<String, String> kafka) {
        return ConfigSources.defaults().withOverrides(kafka).build();
    }

    /** A loopback port nobody listens on (bound, then released). */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))) {
            return socket.getLocalPort();
        }
    }
}
