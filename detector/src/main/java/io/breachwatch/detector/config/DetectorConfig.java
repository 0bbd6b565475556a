package io.breachwatch.detector.config;

import io.breachwatch.detector.core.Pseudonyms;
import io.breachwatch.detector.engine.DetectionEngine;
import io.breachwatch.detector.rules.RuleSet;
import io.breachwatch.detector.rules.RulesLoader;
import io.breachwatch.schema.EventTimePolicy;
import io.breachwatch.schema.Topics;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * All of breachwatch's configuration in one typed place: the topic names, event-time policy, grace and the Kafka
 * Streams/client properties (with safe production defaults: exactly-once v2, explicit internal naming). Built by
 * {@link ConfigSources} from defaults, file, environment and flags.
 *
 * @param kafka         properties passed to Kafka Streams and its clients
 * @param topics        topic names
 * @param grace         how far behind a source's newest event an event may arrive and still be evaluated
 * @param maxFutureSkew how far ahead of the wall clock an event time may be before it is dead-lettered
 * @param maxAge        how far behind the wall clock an event time may be (null: unbounded, for forensic replay)
 * @param partitions    partitions for topics breachwatch creates itself (demo, tests)
 * @param rulesFile     the user's rules file laid over the built-in catalogue (null: the catalogue alone)
 * @param metricsAddress host:port serving /metrics and /health (null: not served)
 * @param pseudonymizeKeyFile where the pseudonymization key was read from (null: not from a file)
 * @param pseudonyms    pseudonymization of personal data in alerts ({@link Pseudonyms#OFF} unless a key is set)
 */
public record DetectorConfig(Map<String, String> kafka, Topics topics, Duration grace, Duration maxFutureSkew,
                             Duration maxAge, int partitions, Path rulesFile,
                             String metricsAddress, String pseudonymizeKeyFile, Pseudonyms pseudonyms) {

    public static final String TOPIC_AUTH = "breachwatch.topic.auth";
    public static final String TOPIC_API = "breachwatch.topic.api";
    public static final String TOPIC_NET = "breachwatch.topic.net";
    public static final String TOPIC_ALERTS = "breachwatch.topic.alerts";
    public static final String TOPIC_INCIDENTS = "breachwatch.topic.incidents";
    public static final String TOPIC_DEAD_LETTERS = "breachwatch.topic.dead-letters";
    public static final String GRACE = "breachwatch.detection.grace";
    public static final String MAX_FUTURE_SKEW = "breachwatch.events.max-future-skew";
    public static final String MAX_AGE = "breachwatch.events.max-age";
    public static final String PARTITIONS = "breachwatch.topic.partitions";
    public static final String RULES_FILE = "breachwatch.rules.file";
    public static final String METRICS_ADDRESS = "breachwatch.metrics.address";
    public static final String PSEUDONYMIZE_KEY_FILE = "breachwatch.pseudonymize.key-file";
    public static final String PSEUDONYMIZE_KEY = "breachwatch.pseudonymize.key";

    public static final List<String> KEYS = List.of(TOPIC_AUTH, TOPIC_API, TOPIC_NET, TOPIC_ALERTS, TOPIC_INCIDENTS,
            TOPIC_DEAD_LETTERS, GRACE, MAX_FUTURE_SKEW, MAX_AGE, PARTITIONS, RULES_FILE,
            METRICS_ADDRESS, PSEUDONYMIZE_KEY_FILE, PSEUDONYMIZE_KEY);

    /** Keys whose values are never printed (config dumps, logs). */
    private static final List<String> SECRET_MARKERS = List.of("password", "secret", "jaas", "token", "key");

    public static final Map<String, String> DEFAULTS;

    /** Largest encoded entity state (one changelog record), see {@code producer.max.request.size}. */
    public static final int MAX_STATE_BYTES = 16 * 1024 * 1024;

    static {
        Map<String, String> d = new LinkedHashMap<>();
        d.put(StreamsConfig.APPLICATION_ID_CONFIG, "breachwatch");
        d.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092");
        d.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // An exactly-once commit is a transaction over every partition the thread wrote (repartitions, changelogs,
        // outputs) and blocks the thread while it completes: at the 100 ms default it took half the thread's time.
        // Commits come every 200 ms, and at once whenever an alert was raised (GroupDetections requests one), so
        // an alert becomes readable within a commit's latency.
        d.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "200");
        // The detection tasks read one partition of every group's repartition topic. Kafka Streams would hold a task
        // back whenever one of them is momentarily empty, to interleave them in timestamp order; no group reads
        // another's records (each processor keeps its own entities and its own notion of time), so nothing needs
        // that order, and the wait cost throughput and latency.
        d.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, Long.toString(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED));
        // Every store's RocksDB shares one 256 MiB budget (block cache and write buffers), rather than each of the
        // 29 store instances of an instance holding every task taking its own 98 MiB.
        d.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG,
                io.breachwatch.detector.topology.BoundedRocksDbMemory.class.getName());
        d.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "true");
        // Kafka 4.x recommends it and makes it the default in 5.0; set now so behaviour does not change then.
        d.put("processing.exception.handler.global.enabled", "true");
        // An entity's state is one changelog record; a busy vendor client's logs can pass the 1 MiB default, and a
        // record the producer refuses stops the stream thread. The changelog topics allow the same (EntityStateStore).
        d.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), Integer.toString(MAX_STATE_BYTES));
        d.put(TOPIC_AUTH, Topics.DEFAULT.authEvents());
        d.put(TOPIC_API, Topics.DEFAULT.apiEvents());
        d.put(TOPIC_NET, Topics.DEFAULT.netEvents());
        d.put(TOPIC_ALERTS, Topics.DEFAULT.alerts());
        d.put(TOPIC_INCIDENTS, Topics.DEFAULT.incidents());
        d.put(TOPIC_DEAD_LETTERS, Topics.DEFAULT.deadLetters());
        // Grace covers the allowed producer clock skew plus partition skew while catching up (see docs/config.md).
        d.put(GRACE, "15m");
        d.put(MAX_FUTURE_SKEW, Durations.format(EventTimePolicy.DEFAULT_MAX_FUTURE_SKEW));
        d.put(MAX_AGE, Durations.format(EventTimePolicy.DEFAULT_MAX_AGE));
        d.put(PARTITIONS, "4");
        // Empty: the built-in catalogue alone (rules/default-rules.yaml in the jar).
        d.put(RULES_FILE, "");
        // Loopback by default: metrics name rules and reasons only, but exposing them is the operator's decision.
        d.put(METRICS_ADDRESS, "127.0.0.1:9404");
        // Empty: alerts name users as they are. A key (file) turns on pseudonyms for user names and e-mails.
        d.put(PSEUDONYMIZE_KEY_FILE, "");
        d.put(PSEUDONYMIZE_KEY, "");
        DEFAULTS = java.util.Collections.unmodifiableMap(d);
    }

    public static DetectorConfig defaults() {
        return from(DEFAULTS);
    }

    static DetectorConfig from(Map<String, String> all) {
        Map<String, String> kafka = new TreeMap<>();
        all.forEach((key, value) -> {
            if (!key.startsWith("breachwatch.")) {
                kafka.put(key, value);
            } else if (!KEYS.contains(key)) {
                throw new ConfigException(key, "unknown breachwatch setting; known settings: " + KEYS);
            }
        });
        Topics topics = new Topics(all.get(TOPIC_AUTH), all.get(TOPIC_API), all.get(TOPIC_NET),
                all.get(TOPIC_ALERTS), all.get(TOPIC_INCIDENTS), all.get(TOPIC_DEAD_LETTERS));
        String maxAge = all.get(MAX_AGE);
        Duration age = maxAge == null || maxAge.equalsIgnoreCase("none") ? null : Durations.parse(MAX_AGE, maxAge);
        int partitions;
        try {
            partitions = Integer.parseInt(all.get(PARTITIONS).trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(PARTITIONS, "'" + all.get(PARTITIONS) + "' is not a whole number");
        }
        String rules = all.get(RULES_FILE);
        Path rulesFile = rules == null || rules.isBlank() ? null : Path.of(rules.trim());
        return new DetectorConfig(kafka, topics, Durations.parse(GRACE, all.get(GRACE)),
                Durations.parse(MAX_FUTURE_SKEW, all.get(MAX_FUTURE_SKEW)), age, partitions, rulesFile,
                blankToNull(all.get(METRICS_ADDRESS)), blankToNull(all.get(PSEUDONYMIZE_KEY_FILE)),
                PseudonymKey.load(all.get(PSEUDONYMIZE_KEY_FILE), all.get(PSEUDONYMIZE_KEY)));
    }

    public DetectorConfig withKafka(String key, String value) {
        Map<String, String> copy = new TreeMap<>(kafka);
        copy.put(key, value);
        return new DetectorConfig(copy, topics, grace, maxFutureSkew, maxAge, partitions, rulesFile,
                metricsAddress, pseudonymizeKeyFile, pseudonyms);
    }

    public DetectorConfig withTopics(Topics newTopics) {
        return new DetectorConfig(kafka, newTopics, grace, maxFutureSkew, maxAge, partitions, rulesFile,
                metricsAddress, pseudonymizeKeyFile, pseudonyms);
    }

    public DetectorConfig withMaxAge(Duration newMaxAge) {
        return new DetectorConfig(kafka, topics, grace, maxFutureSkew, newMaxAge, partitions, rulesFile,
                metricsAddress, pseudonymizeKeyFile, pseudonyms);
    }

    public DetectorConfig withMetricsAddress(String address) {
        return new DetectorConfig(kafka, topics, grace, maxFutureSkew, maxAge, partitions, rulesFile,
                address, pseudonymizeKeyFile, pseudonyms);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() || value.equalsIgnoreCase("none") ? null : value.trim();
    }

    public DetectorConfig withRulesFile(Path newRulesFile) {
        return new DetectorConfig(kafka, topics, grace, maxFutureSkew, maxAge, partitions, newRulesFile,
                metricsAddress, pseudonymizeKeyFile, pseudonyms);
    }

    /**
     * The built-in catalogue with {@link #rulesFile()} laid over it.
     *
     * @throws io.breachwatch.detector.rules.RulesException with every error of the file, as file:line: message
     */
    public RuleSet ruleSet() {
        return new RulesLoader().load(rulesFile);
    }

    /** The enabled detection rules: the built-in catalogue with the user's rules file laid over it. */
    public java.util.List<io.breachwatch.detector.rules.RuleSpec> rules() {
        return ruleSet().enabled();
    }

    /** The detection engine both drivers run: the enabled rules, the grace, and pseudonyms for alerts. */
    public DetectionEngine detectionEngine() {
        return DetectionEngine.of(rules(), grace, pseudonyms);
    }

    public String applicationId() {
        return kafka.get(StreamsConfig.APPLICATION_ID_CONFIG);
    }

    public String bootstrapServers() {
        return kafka.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG);
    }

    public EventTimePolicy eventTimePolicy(Clock clock) {
        return new EventTimePolicy(maxFutureSkew, maxAge, clock);
    }

    public Properties streamsProperties() {
        Properties properties = new Properties();
        properties.putAll(kafka);
        return properties;
    }

    /** Client properties for plain producers/consumers/admin (no Streams-only keys). */
    public Map<String, Object> clientProperties() {
        Map<String, Object> client = new TreeMap<>();
        kafka.forEach((key, value) -> {
            if (!key.equals(StreamsConfig.APPLICATION_ID_CONFIG) && !key.equals(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)
                    && !key.startsWith("ensure.") && !key.equals(StreamsConfig.STATE_DIR_CONFIG)
                    && !key.equals(StreamsConfig.NUM_STREAM_THREADS_CONFIG)) {
                client.put(key, value);
            }
        });
        return client;
    }

    /** Every effective setting, secrets masked: for `breachwatch run --print-config` and start-up logs. */
    public Map<String, String> describe() {
        Map<String, String> out = new TreeMap<>();
        kafka.forEach((key, value) -> out.put(key, isSecret(key) ? "[hidden]" : value));
        out.put(TOPIC_AUTH, topics.authEvents());
        out.put(TOPIC_API, topics.apiEvents());
        out.put(TOPIC_NET, topics.netEvents());
        out.put(TOPIC_ALERTS, topics.alerts());
        out.put(TOPIC_INCIDENTS, topics.incidents());
        out.put(TOPIC_DEAD_LETTERS, topics.deadLetters());
        out.put(GRACE, Durations.format(grace));
        out.put(MAX_FUTURE_SKEW, Durations.format(maxFutureSkew));
        out.put(MAX_AGE, maxAge == null ? "none" : Durations.format(maxAge));
        out.put(PARTITIONS, Integer.toString(partitions));
        out.put(RULES_FILE, rulesFile == null ? "" : rulesFile.toString());
        out.put(METRICS_ADDRESS, metricsAddress == null ? "none" : metricsAddress);
        out.put(PSEUDONYMIZE_KEY_FILE, pseudonymizeKeyFile == null ? "" : pseudonymizeKeyFile);
        out.put(PSEUDONYMIZE_KEY, pseudonyms.enabled() && pseudonymizeKeyFile == null ? "[hidden]" : "");
        return out;
    }

    static boolean isSecret(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return SECRET_MARKERS.stream().anyMatch(lower::contains) && !lower.endsWith(".type")
                && !lower.endsWith("algorithm") && !lower.endsWith(".location") && !lower.endsWith("serializer")
                && !lower.endsWith("deserializer");
    }
}
