package io.breachwatch.detector.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.detector.config.DetectorConfig;
import io.breachwatch.detector.metrics.DetectorMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.Topology;
import org.junit.jupiter.api.Test;

/**
 * Guards the names of every source, processor, store, sink and internal topic. A renamed store or repartition topic
 * silently resets detection state on upgrade, so any change to {@code topology.txt} must be a reviewed diff.
 * Regenerate after an intended change with {@code -Dbreachwatch.golden.update=true}.
 */
class TopologyNamingTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/topology.txt");

    private static Topology topology() {
        return BreachwatchTopology.build(DetectorConfig.defaults(), DetectorMetrics.unexported(), Clock.systemUTC());
    }

    @Test
    void topologyMatchesTheGoldenDescription() throws IOException {
        String actual = topology().describe().toString();
        if (Boolean.getBoolean("breachwatch.golden.update")) {
            Files.createDirectories(GOLDEN.getParent());
            Files.writeString(GOLDEN, actual, StandardCharsets.UTF_8);
        }
        assertThat(actual).isEqualTo(Files.readString(GOLDEN, StandardCharsets.UTF_8));
    }

    @Test
    void noNameIsGeneratedByKafkaStreams() {
        // Generated names look like KSTREAM-MAP-0000000003 or KSTREAM-SOURCE-0000000000
        assertThat(topology().describe().toString()).doesNotContainPattern("K(STREAM|TABLE)-[A-Z-]+-\\d{10}");
    }

    @Test
    void oneRepartitionTopicPerDistinctGroupByKey() {
        // One repartition topic per distinct (event type, group-by) of the catalogue's rules, plus the one that
        // brings all alerts together for incident correlation
        Matcher repartitions = Pattern.compile("\\b([a-z-]+)-repartition\\b")
                .matcher(topology().describe().toString());
        java.util.Set<String> names = new java.util.TreeSet<>();
        while (repartitions.find()) {
            names.add(repartitions.group(1));
        }
        java.util.Set<String> groups = new java.util.TreeSet<>();
        for (io.breachwatch.detector.rules.RuleSpec rule : DetectorConfig.defaults().rules()) {
            groups.add(new io.breachwatch.detector.engine.RuleGroup(rule.event(), rule.groupBy()).name());
        }
        assertThat(groups).contains("auth-by-source-ip", "auth-by-user", "api-by-client-id", "net-by-src-ip");
        assertThat(names).hasSize(groups.size() + 1).containsAll(groups).contains("incident-correlation");
        assertThat(groups.size()).isLessThan(DetectorConfig.defaults().rules().size());
        for (String group : groups) {
            assertThat(topology().describe().toString()).contains("stores: [" + group + "-state]");
        }
    }
}
