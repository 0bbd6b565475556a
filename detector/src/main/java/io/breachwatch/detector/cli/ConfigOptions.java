package io.breachwatch.detector.cli;

import io.breachwatch.detector.config.ConfigSources;
import io.breachwatch.detector.config.DetectorConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Option;

/** The configuration flags shared by commands; highest precedence over file and environment. */
final class ConfigOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "Properties file (breachwatch.* and Kafka keys).")
    Path file;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT,...", description = "Kafka bootstrap servers.")
    String bootstrapServers;

    @Option(names = "--application-id", paramLabel = "ID", description = "Kafka Streams application id.")
    String applicationId;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Any setting, e.g. --set breachwatch.detection.grace=10m")
    Map<String, String> settings = new LinkedHashMap<>();

    DetectorConfig load() {
        Map<String, String> flags = new LinkedHashMap<>(settings);
        if (bootstrapServers != null) {
            flags.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        }
        if (applicationId != null) {
            flags.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        }
        return ConfigSources.defaults().withFile(file).withEnvironment(System.getenv()).withOverrides(flags).build();
    }
}
