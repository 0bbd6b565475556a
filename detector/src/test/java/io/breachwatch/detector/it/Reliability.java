package io.breachwatch.detector.it;

import io.breachwatch.detector.config.ConfigSources;
import io.breachwatch.detector.config.DetectorConfig;
import io.breachwatch.detector.local.LocalKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * What the reliability tests share: a three-node cluster (replication 3, min.insync.replicas 2, so exactly-once
 * writes survive one broker down), isolated topics and settings for detector child processes, and the figure lines
 * they print ({@code RELIABILITY …}), also appended to {@code target/reliability-figures.txt}.
 */
final class Reliability {
    /**
     * Kafka's default session timeout is 45 s: how long a crashed instance's tasks wait before they move. The tests
     * run with 10 s (stated with every figure); the time to recover grows one for one with it.
     */
    static final Duration SESSION_TIMEOUT = Duration.ofSeconds(10);
    static final int PARTITIONS = 4;
    private static final Path FIGURES = Path.of("target", "reliability-figures.txt");

    private Reliability() {
    }

    static LocalKafka.Options cluster() {
        return LocalKafka.Options.defaults().withBrokers(3).withStartupTimeout(Duration.ofSeconds(120));
    }

    /**
     * A detector config with its own topics and application id, topics created with {@link #PARTITIONS}
     * partitions, replicated three ways. Input topics keep records forever: the traffic is stamped with a virtual
     * morning months ago, which a time retention (checked every 5 s on the local cluster) would delete before a
     * detector recovering from a crash had read it.
     */
    static DetectorConfig isolatedConfig(LocalKafka kafka, String name) {
        return isolatedConfig(kafka, name, PARTITIONS);
    }

    /** As {@link #isolatedConfig(LocalKafka, String)}, with {@code partitions} partitions per topic. */
    static DetectorConfig isolatedConfig(LocalKafka kafka, String name, int partitions) {
        String suffix = BrokerFixture.uniqueSuffix(name);
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        overrides.put(StreamsConfig.APPLICATION_ID_CONFIG, "bw-rel-" + suffix);
        overrides.putAll(BrokerFixture.suffixedTopics(suffix));
        overrides.put(DetectorConfig.PARTITIONS, Integer.toString(partitions));
        overrides.put(DetectorConfig.MAX_AGE, "none");
        DetectorConfig config = ConfigSources.defaults().withOverrides(overrides).build();
        List<NewTopic> topics = new ArrayList<>();
        for (String input : config.topics().inputs()) {
            topics.add(new NewTopic(input, partitions, (short) 3)
                    .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1")));
        }
        for (String output : List.of(config.topics().alerts(), config.topics().incidents(),
                config.topics().deadLetters())) {
            topics.add(new NewTopic(output, partitions, (short) 3));
        }
        kafka.createTopics(topics);
        return config;
    }

    /** The settings a detector child runs with: the config's topics and ids, plus {@code extra}. */
    static Map<String, String> childSettings(DetectorConfig config, Map<String, String> extra) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        settings.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        settings.put(DetectorConfig.TOPIC_AUTH, config.topics().authEvents());
        settings.put(DetectorConfig.TOPIC_API, config.topics().apiEvents());
        settings.put(DetectorConfig.TOPIC_NET, config.topics().netEvents());
        settings.put(DetectorConfig.TOPIC_ALERTS, config.topics().alerts());
        settings.put(DetectorConfig.TOPIC_INCIDENTS, config.topics().incidents());
        settings.put(DetectorConfig.TOPIC_DEAD_LETTERS, config.topics().deadLetters());
        settings.put(DetectorConfig.MAX_AGE, "none");
        settings.put("session.timeout.ms", Long.toString(SESSION_TIMEOUT.toMillis()));
        settings.putAll(extra);
        return settings;
    }

    /** The inputs and every repartition topic of the application: what it has consumed when caught up. */
    static List<String> consumedTopics(LocalKafka kafka, DetectorConfig config) throws Exception {
        List<String> consumed = new ArrayList<>(config.topics().inputs());
        kafka.admin().listTopics().names().get(30, TimeUnit.SECONDS).stream()
                .filter(t -> t.startsWith(config.applicationId() + "-") && t.endsWith("-repartition"))
                .forEach(consumed::add);
        return consumed;
    }

    /** Waits until every child's Kafka Streams is RUNNING, as its log says, and the consumer group is stable. */
    static void awaitRunning(LocalKafka kafka, DetectorConfig config, List<ChildDetector> children,
                             Duration timeout) throws InterruptedException {
        try {
            awaitStableGroup(kafka, config, children, timeout);
        } catch (AssertionError e) {
            StringBuilder detail = new StringBuilder(e.getMessage());
            detail.append("\ngroup: ").append(group(kafka, config).map(g -> g.groupState() + " with "
                    + g.members().size() + " members").orElse("not found"));
            children.forEach(c -> detail.append("\n--- ").append(c.name()).append(" (state ").append(lastState(c))
                    .append("), log ").append(c.logFile()).append(":\n").append(tail(c)));
            throw new AssertionError(detail.toString(), e);
        }
    }

    private static void awaitStableGroup(LocalKafka kafka, DetectorConfig config, List<ChildDetector> children,
                                         Duration timeout) throws InterruptedException {
        BrokerFixture.await("every detector RUNNING in one stable group", timeout, () -> {
            for (ChildDetector child : children) {
                if (!child.alive()) {
                    throw new AssertionError("detector " + child.name() + " exited: " + tail(child));
                }
            }
            return children.stream().allMatch(c -> lastState(c).equals("RUNNING"))
                    && group(kafka, config).map(g -> g.groupState() == GroupState.STABLE
                    && g.members().size() == children.size()).orElse(false);
        });
    }

    /** The last Kafka Streams state the child logged ("Detector state A -> B"), or "" before any. */
    static String lastState(ChildDetector child) {
        String state = "";
        for (String line : child.logLines()) {
            int arrow = line.indexOf("Detector state ");
            if (arrow >= 0 && line.contains(" -> ")) {
                state = line.substring(line.lastIndexOf(" -> ") + 4).trim();
            }
        }
        return state;
    }

    static Optional<ConsumerGroupDescription> group(LocalKafka kafka, DetectorConfig config) {
        try {
            return Optional.of(kafka.admin().describeConsumerGroups(List.of(config.applicationId()))
                    .describedGroups().get(config.applicationId()).get(10, TimeUnit.SECONDS));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** The child whose stream thread consumes {@code partition} now, by the group's assignment; empty if none. */
    static Optional<ChildDetector> owner(LocalKafka kafka, DetectorConfig config, TopicPartition partition,
                                         List<ChildDetector> children) {
        return group(kafka, config).flatMap(g -> g.members().stream()
                .filter(m -> m.assignment().topicPartitions().contains(partition))
                .map(MemberDescription::clientId).findFirst())
                .flatMap(clientId -> children.stream().filter(c -> clientId.startsWith(c.name() + "-")).findFirst());
    }

    /** The end offset of every partition of {@code topic}. */
    static Map<TopicPartition, Long> endOffsets(org.apache.kafka.clients.admin.Admin admin, String topic)
            throws Exception {
        Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> request = new LinkedHashMap<>();
        admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions()
                .forEach(p -> request.put(new TopicPartition(topic, p.partition()),
                        org.apache.kafka.clients.admin.OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = new LinkedHashMap<>();
        admin.listOffsets(request).all().get(30, TimeUnit.SECONDS)
                .forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    /**
     * Records the application has not consumed yet over {@code topics} (end offsets minus committed positions;
     * transaction markers on internal topics count too), or -1 when the cluster does not answer.
     */
    static long lag(LocalKafka kafka, String applicationId, List<String> topics) {
        try {
            Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> committed = kafka.admin()
                    .listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata()
                    .get(5, TimeUnit.SECONDS);
            long lag = 0;
            for (String topic : topics) {
                for (Map.Entry<TopicPartition, Long> end : endOffsets(kafka.admin(), topic).entrySet()) {
                    org.apache.kafka.clients.consumer.OffsetAndMetadata position = committed.get(end.getKey());
                    lag += end.getValue() - (position == null ? 0 : position.offset());
                }
            }
            return lag;
        } catch (Exception e) {
            return -1;
        }
    }

    /** A timestamped line of the test's own timeline, to read next to the children's logs. */
    static void note(String what) {
        System.out.println(java.time.LocalTime.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS)
                + " reliability: " + what);
    }

    /** The last lines of a child's log, for failure messages. */
    static String tail(ChildDetector child) {
        List<String> lines = child.logLines();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    /** Prints a figure line and appends it to target/reliability-figures.txt. */
    static void figure(String line) {
        String printed = "RELIABILITY " + line;
        System.out.println(printed);
        try {
            Files.createDirectories(FIGURES.getParent());
            Files.writeString(FIGURES, printed + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1fs", duration.toMillis() / 1000.0);
    }
}
