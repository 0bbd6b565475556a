package io.breachwatch.detector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code run --print-config}: every secret Kafka client setting, under its own name or a client prefix, prints as
 * {@code [hidden]}; locations, types, mechanisms and config-provider declarations print as given, so the dump is
 * still useful for checking a TLS/SASL setup.
 */
class PrintConfigSecretsTest {

    @Test
    void secretsAreHiddenWhereverTheyAppearAndTheRestIsShown(@TempDir Path dir) throws IOException {
        // Given a configuration with a secret under every kind of key a Kafka client takes one
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"bw\" password=\"s1-jaas-password\";");
        secrets.put("ssl.truststore.password", "s2-truststore");
        secrets.put("ssl.keystore.password", "s3-keystore");
        secrets.put("ssl.key.password", "s4-key");
        secrets.put("ssl.keystore.key", "-----BEGIN PRIVATE KEY-----s5-pem-----END PRIVATE KEY-----");
        secrets.put("producer.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required"
                + " username=\"p\" password=\"s6-producer\";");
        secrets.put("main.consumer.ssl.key.password", "s7-consumer");
        secrets.put("sasl.oauthbearer.client.credentials.client.secret", "s8-oauth");
        secrets.put("config.providers.vault.param.token", "s9-vault-token");
        Map<String, String> visible = new LinkedHashMap<>();
        visible.put("security.protocol", "SASL_SSL");
        visible.put("sasl.mechanism", "SCRAM-SHA-512");
        visible.put("ssl.truststore.location", "/etc/breachwatch/truststore.p12");
        visible.put("ssl.keystore.location", "/etc/breachwatch/keystore.p12");
        visible.put("ssl.keystore.type", "PKCS12");
        visible.put("ssl.endpoint.identification.algorithm", "https");
        visible.put("config.providers", "file,env");
        visible.put("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
        StringBuilder file = new StringBuilder();
        secrets.forEach((k, v) -> file.append(k).append('=').append(v).append('\n'));
        visible.forEach((k, v) -> file.append(k).append('=').append(v).append('\n'));
        Path config = Files.writeString(dir.resolve("bw.properties"), file.toString());

        // When the effective configuration is printed
        StringWriter out = new StringWriter();
        CommandLine cli = BreachwatchCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        int exit = cli.execute("run", "--config", config.toString(), "--print-config");

        // Then every secret key is listed as hidden, no secret value appears, and the rest reads as given
        assertThat(exit).isZero();
        String printed = out.toString();
        secrets.forEach((key, value) -> {
            assertThat(printed).contains(key + "=[hidden]\n");
            assertThat(printed).doesNotContain(value);
        });
        assertThat(printed).doesNotContain("s1-").doesNotContain("s6-");
        visible.forEach((key, value) -> assertThat(printed).contains(key + "=" + value + "\n"));
    }
}
