package io.breachwatch.detector.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Merges configuration from its sources into one flat key/value map, lowest precedence first:
 * <ol>
 *   <li>defaults in code ({@link DetectorConfig#DEFAULTS}),</li>
 *   <li>the properties file ({@code --config FILE}),</li>
 *   <li>{@code KAFKA_*} environment variables: {@code KAFKA_BOOTSTRAP_SERVERS} becomes {@code bootstrap.servers}
 *       (lower case, {@code _} to {@code .}); the Kafka scripts' own variables ({@code KAFKA_HEAP_OPTS}…) are
 *       ignored,</li>
 *   <li>{@code BREACHWATCH_*} environment variables: {@code BREACHWATCH_TOPIC_ALERTS} sets
 *       {@code breachwatch.topic.alerts} (matched against the known keys, so dashes and dots both map from
 *       {@code _}),</li>
 *   <li>command-line flags ({@code --bootstrap-servers}, {@code --set key=value}).</li>
 * </ol>
 * Keys starting with {@code breachwatch.} configure breachwatch; every other key is passed to Kafka Streams and
 * its clients unchanged, so TLS, SASL and config providers work as in any Kafka client.
 */
public final class ConfigSources {
    private static final Set<String> KAFKA_SCRIPT_VARIABLES = Set.of("KAFKA_HEAP_OPTS", "KAFKA_OPTS",
            "KAFKA_JVM_PERFORMANCE_OPTS", "KAFKA_GC_LOG_OPTS", "KAFKA_LOG4J_OPTS", "KAFKA_JMX_OPTS", "KAFKA_DEBUG",
            "KAFKA_HOME", "KAFKA_LOG_DIR", "KAFKA_CLUSTER_ID");

    /** Variables of the launcher and the tests, not settings. */
    private static final Set<String> BREACHWATCH_LAUNCHER_VARIABLES = Set.of("BREACHWATCH_JAVA_OPTS",
            "BREACHWATCH_KAFKA_LIB", "BREACHWATCH_DATASETS");

    private final Map<String, String> merged = new TreeMap<>();

    public static ConfigSources defaults() {
        ConfigSources sources = new ConfigSources();
        sources.merged.putAll(DetectorConfig.DEFAULTS);
        return sources;
    }

    public ConfigSources withFile(Path file) {
        if (file == null) {
            return this;
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new ConfigException("--config", "cannot read " + file + ": " + e.getMessage());
        }
        properties.stringPropertyNames().forEach(key -> merged.put(key.trim(), properties.getProperty(key).trim()));
        return this;
    }

    public ConfigSources withEnvironment(Map<String, String> environment) {
        Map<String, String> breachwatch = new TreeMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith("KAFKA_") && !KAFKA_SCRIPT_VARIABLES.contains(name) && !name.endsWith("_OPTS")) {
                merged.put(name.substring("KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
            } else if (name.startsWith("BREACHWATCH_") && !BREACHWATCH_LAUNCHER_VARIABLES.contains(name)) {
                breachwatch.put(name, value);
            }
        });
        // Applied after all KAFKA_* so that BREACHWATCH_* wins where both would set the same thing.
        breachwatch.forEach((name, value) -> merged.put(breachwatchKey(name), value));
        return this;
    }

    public ConfigSources withOverrides(Map<String, String> overrides) {
        merged.putAll(overrides);
        return this;
    }

    public Map<String, String> asMap() {
        return new TreeMap<>(merged);
    }

    public DetectorConfig build() {
        return DetectorConfig.from(merged);
    }

    static String breachwatchKey(String variable) {
        for (String key : DetectorConfig.KEYS) {
            if (envName(key).equals(variable)) {
                return key;
            }
        }
        throw new ConfigException(variable, "unknown breachwatch setting; known environment variables: "
                + DetectorConfig.KEYS.stream().map(ConfigSources::envName).toList());
    }

    static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
