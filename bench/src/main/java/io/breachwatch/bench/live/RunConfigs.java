package io.breachwatch.bench.live;

import io.breachwatch.detector.config.ConfigSources;
import io.breachwatch.detector.config.DetectorConfig;
import io.breachwatch.detector.local.LocalKafka;
import io.breachwatch.schema.Topics;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Detector configurations for benchmark runs: the defaults every user gets (exactly_once_v2, commit interval,
 * caches, grace, event-time policy), with only what isolates one run from another changed: application id, state
 * directory, output topics, and the partition and thread counts the benchmark was asked for. The baseline takes its
 * Kafka Streams properties from the same configuration, so both apps run with identical client settings.
 */
final class RunConfigs {
    private RunConfigs() {
    }

    /**
     * A configuration reading {@code inputs}' input topics, writing to output topics of its own named after
     * {@code applicationId}, which it creates with {@code partitions} partitions.
     */
    static DetectorConfig create(LocalKafka kafka, String applicationId, Topics inputs, int partitions, int threads,
                                 Map<String, String> appSettings, Path stateDir) {
        Map<String, String> overrides = overrides(kafka.bootstrapServers(), applicationId, inputs, partitions, threads,
                appSettings, stateDir);
        DetectorConfig config = ConfigSources.defaults().withOverrides(overrides).build();
        kafka.createTopics(outputs(config.topics()).stream().collect(Collectors.toMap(t -> t, t -> partitions)));
        return config;
    }

    /**
     * What {@link #create} changes from the defaults, as the child JVM is told it ({@code --set key=value}):
     * {@code appSettings} (the benchmark's {@code --set}, e.g. {@code commit.interval.ms=100}, for both apps), then
     * what isolates the run, which wins over them.
     */
    static Map<String, String> overrides(String bootstrapServers, String applicationId, Topics inputs, int partitions,
                                         int threads, Map<String, String> appSettings, Path stateDir) {
        Topics topics = new Topics(inputs.authEvents(), inputs.apiEvents(), inputs.netEvents(),
                "bench.alerts." + applicationId, "bench.incidents." + applicationId,
                "bench.dead-letters." + applicationId);
        Map<String, String> overrides = new HashMap<>(appSettings);
        overrides.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        overrides.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        overrides.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        overrides.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(threads));
        overrides.put(DetectorConfig.TOPIC_AUTH, topics.authEvents());
        overrides.put(DetectorConfig.TOPIC_API, topics.apiEvents());
        overrides.put(DetectorConfig.TOPIC_NET, topics.netEvents());
        overrides.put(DetectorConfig.TOPIC_ALERTS, topics.alerts());
        overrides.put(DetectorConfig.TOPIC_INCIDENTS, topics.incidents());
        overrides.put(DetectorConfig.TOPIC_DEAD_LETTERS, topics.deadLetters());
        overrides.put(DetectorConfig.PARTITIONS, Integer.toString(partitions));
        // Not served: the app's process reads the detector's meters itself and reports them to the benchmark.
        overrides.put(DetectorConfig.METRICS_ADDRESS, "none");
        return overrides;
    }

    /** {@code overrides} as {@code live-child} arguments. */
    static List<String> asArguments(Map<String, String> overrides) {
        List<String> args = new java.util.ArrayList<>();
        new java.util.TreeMap<>(overrides).forEach((k, v) -> {
            args.add("--set");
            args.add(k + "=" + v);
        });
        return args;
    }

    /** Input topic names for one corpus, unique per benchmark invocation. */
    static Topics inputs(String suffix) {
        Topics t = Topics.DEFAULT;
        return new Topics(t.authEvents() + "." + suffix, t.apiEvents() + "." + suffix, t.netEvents() + "." + suffix,
                t.alerts() + "." + suffix, t.incidents() + "." + suffix, t.deadLetters() + "." + suffix);
    }

    static List<String> outputs(Topics topics) {
        return List.of(topics.alerts(), topics.incidents(), topics.deadLetters());
    }
}
