package io.breachwatch.detector.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.detector.config.DetectorConfig;
import io.breachwatch.detector.engine.DetectionEngine;
import io.breachwatch.detector.metrics.DetectorMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rolling restart keeps detection state only if every state store, changelog and repartition topic keeps its
 * name, and every store stays in the same sub-topology (its tasks' local state directories are named after it).
 * Checked for the changes an upgrade brings: a rule added to an existing group, a rule with a new group-by key, and
 * stateless steps added to the topology without names.
 */
class UpgradeSafetyTest {
    @TempDir
    Path dir;

    /** What state survives by: store name → sub-topology, and every repartition (internal source) topic. */
    record InternalNames(Map<String, Integer> storeSubtopology, Set<String> repartitionTopics, Set<String> nodes) {
        static InternalNames of(Topology topology) {
            Map<String, Integer> stores = new TreeMap<>();
            Set<String> repartitions = new TreeSet<>();
            Set<String> nodes = new TreeSet<>();
            for (TopologyDescription.Subtopology sub : topology.describe().subtopologies()) {
                for (TopologyDescription.Node node : sub.nodes()) {
                    nodes.add(node.name());
                    if (node instanceof TopologyDescription.Processor processor) {
                        processor.stores().forEach(store -> stores.put(store, sub.id()));
                    }
                    if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
                        source.topicSet().stream().filter(t -> t.endsWith("-repartition")).forEach(repartitions::add);
                    }
                }
            }
            return new InternalNames(stores, repartitions, nodes);
        }
    }

    private static Topology topology(DetectorConfig config) {
        return BreachwatchTopology.build(config, DetectorMetrics.unexported(), Clock.systemUTC());
    }

    private DetectorConfig withRule(String rule) throws IOException {
        Path file = dir.resolve("rules.yaml");
        Files.writeString(file, "version: 1\nrules:\n" + rule);
        return DetectorConfig.defaults().withRulesFile(file);
    }

    @Test
    void aRuleAddedToAnExistingGroupChangesNothingInTheTopology() throws IOException {
        // Given the catalogue, and the catalogue plus a rule grouped by source address like the brute-force rules
        DetectorConfig extra = withRule("""
                  - id: auth.failures_per_hour.source
                    title: Many failures from one source in an hour
                    event: auth
                    where: { outcome: failure }
                    group_by: source_ip
                    window: 1h
                    aggregate: { type: count, at_least: 500 }
                    severity: low
                    suppression: 1h
                    summary: "{observed} failures from {entity} in {window}"
                """);
        assertThat(extra.rules()).hasSize(DetectorConfig.defaults().rules().size() + 1);

        // Then the topology description is the same, to the character: same names, stores, topics, sub-topologies
        assertThat(topology(extra).describe().toString())
                .isEqualTo(topology(DetectorConfig.defaults()).describe().toString());
    }

    @Test
    void aRuleWithANewGroupByKeyKeepsEveryExistingNameStoreAndSubtopology() throws IOException {
        // Given a rule grouped by (user, host), a key no catalogue rule uses
        DetectorConfig extra = withRule("""
                  - id: auth.failures.user_host
                    title: Failures for one account on one host
                    event: auth
                    where: { outcome: failure }
                    group_by: [user, host]
                    window: 10m
                    aggregate: { type: count, at_least: 30 }
                    severity: low
                    suppression: 1h
                    summary: "{observed} failures for {entity} in {window}"
                """);
        InternalNames before = InternalNames.of(topology(DetectorConfig.defaults()));
        InternalNames after = InternalNames.of(topology(extra));

        // Then one store and one repartition topic are added, and nothing that was there moved or was renamed
        assertThat(after.storeSubtopology()).containsAllEntriesOf(before.storeSubtopology())
                .containsEntry("auth-by-user-and-host-state", before.storeSubtopology().get("auth-by-user-state"))
                .hasSize(before.storeSubtopology().size() + 1);
        assertThat(after.repartitionTopics()).containsAll(before.repartitionTopics())
                .contains("auth-by-user-and-host-repartition").hasSize(before.repartitionTopics().size() + 1);
        assertThat(after.nodes()).containsAll(before.nodes());
        System.out.printf("upgrade safety: new group key added %d nodes; %d stores and %d repartition topics kept%n",
                after.nodes().size() - before.nodes().size(), before.storeSubtopology().size(),
                before.repartitionTopics().size());
    }

    @Test
    void statelessStepsWithoutNamesShiftNoInternalName() {
        // Given unnamed stateless steps added first, which move every generated name after them (KSTREAM-FILTER-…)
        DetectorConfig config = DetectorConfig.defaults();
        InternalNames before = InternalNames.of(topology(config));
        StreamsBuilder builder = BreachwatchTopology.builder(config);
        builder.stream("audit.events", Consumed.as("audit-source"))
                .filter((k, v) -> v != null)
                .mapValues(v -> v)
                .peek((k, v) -> { })
                .to("audit.copy", Produced.as("audit-sink"));
        BreachwatchTopology.addTo(builder, config, DetectionEngine.of(config.rules(), config.grace()),
                DetectorMetrics.unexported(), Clock.systemUTC());
        InternalNames after = InternalNames.of(builder.build());

        // Then every store, repartition topic and node of breachwatch keeps its name
        assertThat(after.nodes()).containsAll(before.nodes()).anyMatch(n -> n.startsWith("KSTREAM-FILTER-"));
        assertThat(after.repartitionTopics()).isEqualTo(before.repartitionTopics());
        assertThat(after.storeSubtopology().keySet()).isEqualTo(before.storeSubtopology().keySet());
        System.out.printf("upgrade safety: unnamed stateless steps first: stores by sub-topology %s before, %s after%n",
                before.storeSubtopology(), after.storeSubtopology());
    }
}
