package io.breachwatch.detector.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Precedence, lowest first: defaults in code, properties file, KAFKA_* env, BREACHWATCH_* env, CLI flags. */
class ConfigSourcesTest {
    @TempDir
    Path dir;

    private Path file(String content) throws IOException {
        Path file = dir.resolve("breachwatch.properties");
        Files.writeString(file, content);
        return file;
    }

    @Test
    void defaultsAreSafeForProduction() {
        DetectorConfig config = DetectorConfig.defaults();

        assertThat(config.kafka()).containsEntry("processing.guarantee", "exactly_once_v2")
                .containsEntry("ensure.explicit.internal.resource.naming", "true")
                .containsEntry("application.id", "breachwatch");
        assertThat(config.topics().alerts()).isEqualTo("breachwatch.alerts");
        assertThat(config.grace()).isEqualTo(Duration.ofMinutes(15));
        assertThat(config.maxFutureSkew()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.maxAge()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void eachSourceOverridesTheOnesBelowIt() throws IOException {
        Path properties = file("""
                bootstrap.servers=file:9092
                application.id=from-file
                breachwatch.topic.alerts=alerts.file
                breachwatch.detection.grace=5m
                security.protocol=SSL
                """);
        Map<String, String> env = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "env:9092",
                "KAFKA_APPLICATION_ID", "from-kafka-env",
                "BREACHWATCH_TOPIC_ALERTS", "alerts.env",
                "KAFKA_HEAP_OPTS", "-Xmx1g",
                "PATH", "/usr/bin");

        DetectorConfig config = ConfigSources.defaults()
                .withFile(properties)
                .withEnvironment(env)
                .withOverrides(Map.of("application.id", "from-cli"))
                .build();

        assertThat(config.bootstrapServers()).isEqualTo("env:9092");          // env over file
        assertThat(config.applicationId()).isEqualTo("from-cli");              // CLI over env over file
        assertThat(config.topics().alerts()).isEqualTo("alerts.env");          // BREACHWATCH_* over file
        assertThat(config.grace()).isEqualTo(Duration.ofMinutes(5));           // file over default
        assertThat(config.kafka()).containsEntry("security.protocol", "SSL")   // Kafka keys pass through
                .doesNotContainKey("heap.opts")                                // scripts' variables ignored
                .doesNotContainKey("path");
        assertThat(config.topics().authEvents()).isEqualTo("breachwatch.events.auth"); // default kept
    }

    @Test
    void breachwatchEnvironmentMapsDashedKeys() {
        DetectorConfig config = ConfigSources.defaults()
                .withEnvironment(Map.of("BREACHWATCH_TOPIC_DEAD_LETTERS", "dlq", "BREACHWATCH_EVENTS_MAX_AGE", "none"))
                .build();

        assertThat(config.topics().deadLetters()).isEqualTo("dlq");
        assertThat(config.maxAge()).isNull();
    }

    @Test
    void unknownBreachwatchSettingsAreErrorsNotSilentlyIgnored() {
        assertThatThrownBy(() -> ConfigSources.defaults().withOverrides(Map.of("breachwatch.topic.alert", "x")).build())
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("breachwatch.topic.alert: unknown");
        assertThatThrownBy(() -> ConfigSources.defaults().withEnvironment(Map.of("BREACHWATCH_GRACE", "1m")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("BREACHWATCH_GRACE: unknown");
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> ConfigSources.defaults()
                .withOverrides(Map.of("breachwatch.detection.grace", "soon")).build())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("breachwatch.detection.grace").hasMessageContaining("'soon' is not a duration");
    }

    @Test
    void secretsAreMaskedWhenConfigIsDescribed() {
        DetectorConfig config = ConfigSources.defaults().withOverrides(Map.of(
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                        + "username=\"bw\" password=\"hunter2\";",
                "ssl.truststore.password", "changeit",
                "ssl.truststore.location", "/etc/bw/truststore.jks")).build();

        assertThat(config.describe()).containsEntry("sasl.jaas.config", "[hidden]")
                .containsEntry("ssl.truststore.password", "[hidden]")
                .containsEntry("ssl.truststore.location", "/etc/bw/truststore.jks");
        assertThat(config.describe().toString()).doesNotContain("hunter2").doesNotContain("changeit");
    }

    @Test
    void durationsReadTheWayPeopleWriteThem() {
        assertThat(Durations.parse("k", "500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("k", "90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("k", "7d")).isEqualTo(Duration.ofDays(7));
        assertThat(Durations.parse("k", "PT15M")).isEqualTo(Duration.ofMinutes(15));
        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("90m");
    }
}
