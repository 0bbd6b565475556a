package io.breachwatch.detector.replay;

import io.breachwatch.detector.config.DetectorConfig;
import io.breachwatch.schema.Topics;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Where {@code replay --to-kafka} writes, and the detector that should read it: replayed history goes to its own
 * topics and is detected by its own application id, so the live detector's state, alert topic and pagers never see
 * it. Everything is derived from one prefix: {@code breachwatch.replay} gives input topics
 * {@code breachwatch.replay.events.auth} (.api, .net), alerts {@code breachwatch.replay.alerts}, incidents
 * {@code breachwatch.replay.incidents}, dead letters {@code breachwatch.replay.dead-letters} and application id
 * {@code breachwatch-replay}.
 *
 * @param prefix        the prefix that replaces the leading {@code breachwatch} of every default topic name
 * @param applicationId the Kafka Streams application id of the replay detector
 * @param topics        the replay topics
 */
public record ReplayTarget(String prefix, String applicationId, Topics topics) {
    public static final String DEFAULT_PREFIX = "breachwatch.replay";

    public static ReplayTarget of(String prefix) {
        if (prefix == null || prefix.isBlank() || prefix.startsWith(".") || prefix.endsWith(".")
                || !prefix.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("replay prefix '" + prefix + "' must be a topic-name prefix "
                    + "(letters, digits, '.', '_', '-'; not starting or ending with '.')");
        }
        return new ReplayTarget(prefix, prefix.replace('.', '-'), withPrefix(Topics.DEFAULT, prefix));
    }

    /** {@code topics} with the first dot-separated component of every name replaced by {@code prefix}. */
    public static Topics withPrefix(Topics topics, String prefix) {
        return new Topics(rename(topics.authEvents(), prefix), rename(topics.apiEvents(), prefix),
                rename(topics.netEvents(), prefix), rename(topics.alerts(), prefix), rename(topics.incidents(), prefix),
                rename(topics.deadLetters(), prefix));
    }

    private static String rename(String topic, String prefix) {
        int dot = topic.indexOf('.');
        return prefix + (dot < 0 ? "." + topic : topic.substring(dot));
    }

    /**
     * The settings of the detector over the replay topics, as {@code --set} keys: its application id, its topics and
     * no maximum event age (history is old by definition; the default max-age would dead-letter it).
     */
    public Map<String, String> runSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        settings.put(DetectorConfig.TOPIC_AUTH, topics.authEvents());
        settings.put(DetectorConfig.TOPIC_API, topics.apiEvents());
        settings.put(DetectorConfig.TOPIC_NET, topics.netEvents());
        settings.put(DetectorConfig.TOPIC_ALERTS, topics.alerts());
        settings.put(DetectorConfig.TOPIC_INCIDENTS, topics.incidents());
        settings.put(DetectorConfig.TOPIC_DEAD_LETTERS, topics.deadLetters());
        settings.put(DetectorConfig.MAX_AGE, "none");
        return settings;
    }

    /** {@code base} (cluster, security, rules) turned into the replay detector's configuration. */
    public DetectorConfig detectorConfig(DetectorConfig base) {
        return base.withTopics(topics).withMaxAge(null).withKafka(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    }

    /** The {@code bin/breachwatch run} command line that detects over the replay topics. */
    public String runCommand(String bootstrapServers) {
        StringBuilder command = new StringBuilder("bin/breachwatch run");
        if (bootstrapServers != null) {
            command.append(" --bootstrap-servers ").append(bootstrapServers);
        }
        runSettings().forEach((key, value) -> command.append(" \\\n    --set ").append(key).append('=').append(value));
        return command.toString();
    }
}
