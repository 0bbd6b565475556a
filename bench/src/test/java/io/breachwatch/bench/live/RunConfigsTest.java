package io.breachwatch.bench.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.detector.config.ConfigSources;
import io.breachwatch.detector.config.DetectorConfig;
import io.breachwatch.schema.Topics;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/**
 * A benchmark run's apps get the defaults every user gets, the benchmark's {@code --set} settings over them, and
 * over both only what isolates the run (so a {@code --set} cannot point two runs at one application id).
 */
class RunConfigsTest {
    private static final Topics INPUTS = RunConfigs.inputs("t1");

    @Test
    void settingsOfTheBenchmarkReachBothAppsOverTheDefaults() {
        Map<String, String> overrides = RunConfigs.overrides("127.0.0.1:1", "bench-x", INPUTS, 4, 1,
                Map.of(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100"), Path.of("state"));

        Properties streams = ConfigSources.defaults().withOverrides(overrides).build().streamsProperties();
        assertThat(streams.getProperty(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo("100");
        assertThat(streams.getProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
                .isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        // The child JVM is told exactly the same
        assertThat(RunConfigs.asArguments(overrides)).containsSubsequence("--set", "commit.interval.ms=100");
    }

    @Test
    void withoutSettingsTheAppsRunOnTheShippedDefaults() {
        Map<String, String> overrides = RunConfigs.overrides("127.0.0.1:1", "bench-x", INPUTS, 4, 1, Map.of(),
                Path.of("state"));

        Properties streams = ConfigSources.defaults().withOverrides(overrides).build().streamsProperties();
        assertThat(streams.getProperty(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG))
                .isEqualTo(DetectorConfig.DEFAULTS.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG));
    }

    @Test
    void whatIsolatesTheRunWinsOverTheSettings() {
        Map<String, String> overrides = RunConfigs.overrides("127.0.0.1:1", "bench-x", INPUTS, 4, 2,
                Map.of(StreamsConfig.APPLICATION_ID_CONFIG, "shared", StreamsConfig.NUM_STREAM_THREADS_CONFIG, "8",
                        DetectorConfig.TOPIC_ALERTS, "alerts"), Path.of("state"));

        assertThat(overrides).containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "bench-x")
                .containsEntry(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "2")
                .containsEntry(DetectorConfig.TOPIC_ALERTS, "bench.alerts.bench-x");
        assertThat(List.of(INPUTS.authEvents(), INPUTS.apiEvents(), INPUTS.netEvents()))
                .containsExactly(overrides.get(DetectorConfig.TOPIC_AUTH), overrides.get(DetectorConfig.TOPIC_API),
                        overrides.get(DetectorConfig.TOPIC_NET));
    }
}
