package io.breachwatch.detector.page;

import io.breachwatch.detector.config.ConfigException;
import io.breachwatch.detector.config.ConfigSources;
import io.breachwatch.detector.config.DetectorConfig;
import io.breachwatch.detector.config.YamlNodes;
import io.breachwatch.detector.page.PagerYaml.Item;
import io.breachwatch.schema.Severity;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads the pager bridge's YAML config into a {@link PagerConfig}, checking everything that can be checked before
 * connecting: every error is reported at once as {@code file:line: message}. Credentials are never accepted inline:
 * they are {@code {env: NAME}} or {@code {file: PATH}} references, resolved here (or only checked, for
 * {@code page --check} where the secrets are not available).
 *
 * <p>The {@code kafka} section is a flat map of Kafka client settings merged exactly like {@code breachwatch run}'s
 * properties file (defaults, then the file, then {@code KAFKA_*} and {@code BREACHWATCH_*} environment variables),
 * so the topic names and client settings of the detector and the bridge are read the same way.
 */
public final class PagerConfigReader {
    static final List<String> TOP_KEYS = List.of("kafka", "consumer_group", "start_at", "dead_letter_topic",
            "metrics_address", "destinations");
    static final List<String> COMMON_KEYS = List.of("name", "type", "url", "min_severity", "topics",
            "connect_timeout", "request_timeout", "group_window", "max_window_alerts", "rate_limit", "retry",
            "allow_plain_http");
    private static final Map<DestinationType, List<String>> TYPE_KEYS = Map.of(
            DestinationType.PAGERDUTY, List.of("routing_key"),
            DestinationType.OPSGENIE, List.of("api_key"),
            DestinationType.SLACK, List.of(),
            DestinationType.WEBHOOK, List.of("headers"));
    static final Map<DestinationType, URI> DEFAULT_URLS = Map.of(
            DestinationType.PAGERDUTY, URI.create("https://events.pagerduty.com/v2/enqueue"),
            DestinationType.OPSGENIE, URI.create("https://api.opsgenie.com/v2/alerts"));
    private static final List<String> KAFKA_BREACHWATCH_KEYS = List.of(DetectorConfig.TOPIC_ALERTS,
            DetectorConfig.TOPIC_INCIDENTS);
    /** Headers the bridge sets itself or the HTTP client owns. */
    private static final Set<String> RESERVED_HEADERS = Set.of("content-type", "content-length", "host",
            "connection", "expect", "upgrade", "user-agent", "idempotency-key", "transfer-encoding");

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9._-]{1,200}");
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}");
    private static final Pattern ADDRESS = Pattern.compile("[^\\s:]*:\\d{1,5}|\\[[0-9a-fA-F:.]+]:\\d{1,5}");
    private static final int MAX_SECRET_FILE_BYTES = 64 * 1024;
    private static final int MAX_DESTINATIONS = 20;

    private final Map<String, String> environment;
    private final boolean resolveSecrets;

    /**
     * @param environment    environment variables ({@code System.getenv()}): secrets and Kafka overrides
     * @param resolveSecrets false only to check a file where its secrets are not available
     */
    public PagerConfigReader(Map<String, String> environment, boolean resolveSecrets) {
        this.environment = Map.copyOf(environment);
        this.resolveSecrets = resolveSecrets;
    }

    /** @throws PagerConfigException with every error of the file */
    public PagerConfig read(Path path) {
        String file = path.toString();
        byte[] bytes;
        try {
            if (Files.size(path) > PagerYaml.MAX_CHARS * 4L) {
                throw new PagerConfigException(List.of(new ConfigError(file, 0, "refused: the file is too large")));
            }
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new PagerConfigException(List.of(new ConfigError(file, 0, "cannot read: no such file")));
        } catch (IOException e) {
            throw new PagerConfigException(List.of(new ConfigError(file, 0, "cannot read: "
                    + e.getClass().getSimpleName())));
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new PagerConfigException(List.of(new ConfigError(file, 0, "not UTF-8 text")));
        }
        return read(file, text);
    }

    /** @throws PagerConfigException with every error of the text */
    public PagerConfig read(String file, String text) {
        PagerYaml yaml = new PagerYaml(file);
        Node root = yaml.compose(text);
        if (root == null && yaml.errors().isEmpty()) {
            yaml.error(null, null, "the file is empty; it needs at least 'destinations'");
        }
        PagerConfig config = root == null ? null : new Document(yaml).read(root);
        if (!yaml.errors().isEmpty()) {
            List<ConfigError> sorted = new ArrayList<>(yaml.errors());
            sorted.sort(java.util.Comparator.comparingInt(ConfigError::line));
            throw new PagerConfigException(sorted);
        }
        return config;
    }

    /** One reading of one file: the YAML helper carries the errors. */
    private final class Document {
        private final PagerYaml yaml;

        Document(PagerYaml yaml) {
            this.yaml = yaml;
        }

        PagerConfig read(Node root) {
            Map<String, Item> top = yaml.mapping(root, "");
            yaml.onlyKnown(top, TOP_KEYS, "at the top level");
            DetectorConfig kafka = kafka(top.get("kafka"), root);
            String group = optional(top.get("consumer_group"))
                    ? matching(top.get("consumer_group"), GROUP, "letters, digits, '.', '_' or '-'")
                    : PagerConfig.DEFAULT_CONSUMER_GROUP;
            PagerConfig.StartAt startAt = PagerConfig.StartAt.LATEST;
            if (optional(top.get("start_at"))) {
                String value = yaml.choice(top.get("start_at"), List.of("latest", "earliest"));
                startAt = value == null ? startAt : PagerConfig.StartAt.valueOf(value.toUpperCase(Locale.ROOT));
            }
            String deadLetters = optional(top.get("dead_letter_topic"))
                    ? matching(top.get("dead_letter_topic"), TOPIC, "a Kafka topic name")
                    : PagerConfig.DEFAULT_DEAD_LETTER_TOPIC;
            String metrics = PagerConfig.DEFAULT_METRICS_ADDRESS;
            if (optional(top.get("metrics_address"))) {
                metrics = yaml.text(top.get("metrics_address"));
                if (metrics != null && metrics.equalsIgnoreCase("none")) {
                    metrics = null;
                } else if (metrics != null && !ADDRESS.matcher(metrics).matches()) {
                    yaml.error(top.get("metrics_address").value(), "metrics_address",
                            "'" + metrics + "' is not host:port (or none)");
                }
            }
            List<DestinationConfig> destinations = destinations(top.get("destinations"), root);
            if (kafka == null) {
                return null;
            }
            return new PagerConfig(kafka.clientProperties(), kafka.topics(), group, startAt, deadLetters, metrics,
                    destinations);
        }

        private DetectorConfig kafka(Item item, Node root) {
            Map<String, String> settings = new TreeMap<>();
            Map<String, Item> keys = Map.of();
            if (optional(item)) {
                keys = yaml.mapping(item.value(), "kafka");
                for (Item setting : keys.values()) {
                    if (setting.name().startsWith("breachwatch.") && !KAFKA_BREACHWATCH_KEYS.contains(setting.name())) {
                        yaml.error(setting.key(), null, "'" + setting.name() + "' is a detector setting; the pager "
                                + "reads only " + String.join(", ", KAFKA_BREACHWATCH_KEYS));
                        continue;
                    }
                    String value = yaml.text(setting);
                    if (value != null) {
                        settings.put(setting.name(), value);
                    }
                }
            }
            try {
                return ConfigSources.defaults().withOverrides(settings).withEnvironment(environment).build();
            } catch (ConfigException e) {
                Item culprit = keys.values().stream().filter(k -> e.getMessage().startsWith(k.name() + ":"))
                        .findFirst().orElse(null);
                yaml.error(culprit != null ? culprit.value() : item != null ? item.key() : root, null,
                        "kafka settings: " + e.getMessage());
                return null;
            }
        }

        private List<DestinationConfig> destinations(Item item, Node root) {
            List<DestinationConfig> out = new ArrayList<>();
            if (!optional(item)) {
                yaml.error(item == null ? root : item.value(), null, "'destinations' is missing: name at least one "
                        + "place to page (pagerduty, slack, opsgenie or webhook)");
                return out;
            }
            List<Node> entries = yaml.sequence(item);
            if (entries == null) {
                return out;
            }
            if (entries.isEmpty() || entries.size() > MAX_DESTINATIONS) {
                yaml.error(item.value(), "destinations", "must list 1 to " + MAX_DESTINATIONS + " destinations");
                return out;
            }
            Map<String, Node> names = new LinkedHashMap<>();
            for (int i = 0; i < entries.size(); i++) {
                DestinationConfig destination = destination(entries.get(i), "destinations[" + i + "]");
                if (destination == null) {
                    continue;
                }
                Node previous = names.putIfAbsent(destination.name(), entries.get(i));
                if (previous != null) {
                    yaml.error(entries.get(i), "destinations[" + i + "].name", "'" + destination.name()
                            + "' is already used by the destination at line " + (previous.getStartMark().getLine() + 1));
                    continue;
                }
                out.add(destination);
            }
            return out;
        }

        private DestinationConfig destination(Node node, String path) {
            int before = yaml.errors().size();
            Map<String, Item> keys = yaml.mapping(node, path);
            if (!(node instanceof MappingNode)) {
                return null;
            }
            String name = required(keys, "name", node, path) ? matching(keys.get("name"), NAME,
                    "lower-case letters, digits, '-' or '_', at most 63") : null;
            DestinationType type = null;
            if (required(keys, "type", node, path)) {
                String value = yaml.choice(keys.get("type"), List.of("pagerduty", "slack", "opsgenie", "webhook"));
                type = value == null ? null : DestinationType.valueOf(value.toUpperCase(Locale.ROOT));
            }
            if (type != null) {
                List<String> known = new ArrayList<>(COMMON_KEYS);
                known.addAll(TYPE_KEYS.get(type));
                for (Item key : keys.values()) {
                    if (known.contains(key.name())) {
                        continue;
                    }
                    DestinationType owner = TYPE_KEYS.entrySet().stream().filter(e -> e.getValue().contains(key.name()))
                            .map(Map.Entry::getKey).findFirst().orElse(null);
                    yaml.error(key.key(), null, owner != null
                            ? "'" + key.path() + "' applies to " + owner.label() + " destinations only"
                            : "unknown key '" + key.path() + "' in a destination; known keys: " + String.join(", ", known));
                }
            }
            boolean plainHttp = optional(keys.get("allow_plain_http")) && Boolean.TRUE.equals(
                    yaml.bool(keys.get("allow_plain_http")));
            URI url = null;
            Secret urlSecret = null;
            Item urlItem = keys.get("url");
            if (optional(urlItem)) {
                if (urlItem.value() instanceof MappingNode) {
                    urlSecret = secret(urlItem);
                    if (urlSecret != null && urlSecret.reveal() != null) {
                        url = url(urlItem, urlSecret.reveal(), plainHttp, true);
                    }
                } else {
                    String text = yaml.text(urlItem);
                    url = text == null ? null : url(urlItem, text, plainHttp, false);
                }
            } else if (type == DestinationType.SLACK || type == DestinationType.WEBHOOK) {
                yaml.error(node, path, "a " + type.label() + " destination needs 'url'"
                        + (type == DestinationType.SLACK ? " (the incoming webhook URL, e.g. {env: SLACK_WEBHOOK_URL}"
                        + ": it carries a token)" : ""));
            } else if (type != null) {
                url = DEFAULT_URLS.get(type);
            }
            Secret credential = null;
            if (type == DestinationType.PAGERDUTY || type == DestinationType.OPSGENIE) {
                String key = type == DestinationType.PAGERDUTY ? "routing_key" : "api_key";
                if (required(keys, key, node, path)) {
                    credential = secret(keys.get(key));
                }
            }
            Map<String, Secret> headers = optional(keys.get("headers")) ? headers(keys.get("headers")) : Map.of();
            Severity minSeverity = Severity.LOW;
            if (optional(keys.get("min_severity"))) {
                String value = yaml.choice(keys.get("min_severity"), List.of("low", "medium", "high", "critical"));
                minSeverity = value == null ? minSeverity : Severity.of(value);
            }
            Set<PagedTopic> topics = optional(keys.get("topics")) ? topics(keys.get("topics"))
                    : EnumSet.allOf(PagedTopic.class);
            Duration connect = duration(keys.get("connect_timeout"), Duration.ofSeconds(5), Duration.ofMillis(100),
                    Duration.ofSeconds(60));
            Duration request = duration(keys.get("request_timeout"), Duration.ofSeconds(10), Duration.ofMillis(100),
                    Duration.ofMinutes(2));
            Duration window = duration(keys.get("group_window"), Duration.ofMinutes(5), Duration.ofSeconds(1),
                    Duration.ofHours(1));
            Integer maxWindowAlerts = optional(keys.get("max_window_alerts"))
                    ? yaml.whole(keys.get("max_window_alerts"), 1, 50_000) : Integer.valueOf(10_000);
            RateLimit rateLimit = optional(keys.get("rate_limit")) ? rateLimit(keys.get("rate_limit"))
                    : RateLimit.DEFAULT;
            RetryPolicy retry = optional(keys.get("retry")) ? retry(keys.get("retry")) : RetryPolicy.DEFAULT;
            if (yaml.errors().size() > before || name == null || type == null) {
                return null;
            }
            return new DestinationConfig(name, type, url, urlSecret, credential, headers, minSeverity, topics,
                    connect, request, window, maxWindowAlerts, rateLimit, retry);
        }

        private URI url(Item item, String text, boolean plainHttp, boolean secret) {
            // A URL from a secret is never echoed: it may carry a token (Slack).
            String shown = secret ? "the URL from " + item.path() : "'" + text + "'";
            URI uri;
            try {
                uri = new URI(text.trim());
            } catch (URISyntaxException e) {
                yaml.error(item.value(), item.path(), shown + " is not a URL");
                return null;
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
                yaml.error(item.value(), item.path(), shown + " is not an http(s) URL with a host");
                return null;
            }
            if (uri.getRawUserInfo() != null) {
                yaml.error(item.value(), item.path(), shown + " has credentials in it; use a secret header instead");
                return null;
            }
            if (scheme.equals("http") && !loopback(uri.getHost()) && !plainHttp) {
                yaml.error(item.value(), item.path(), shown + " is plain http to another host: pages carry "
                        + "personal data and credentials; use https (or set allow_plain_http: true)");
                return null;
            }
            return uri;
        }

        private Map<String, Secret> headers(Item item) {
            Map<String, Secret> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (Item header : yaml.mapping(item.value(), item.path()).values()) {
                if (!HEADER_NAME.matcher(header.name()).matches()) {
                    yaml.error(header.key(), item.path(), "'" + header.name() + "' is not a header name");
                    continue;
                }
                if (RESERVED_HEADERS.contains(header.name().toLowerCase(Locale.ROOT))) {
                    yaml.error(header.key(), item.path(), "'" + header.name() + "' is set by the bridge itself");
                    continue;
                }
                Secret value;
                if (header.value() instanceof MappingNode) {
                    value = secret(header);
                } else {
                    String text = yaml.text(header);
                    value = text == null ? null : Secret.of("inline", text);
                }
                if (value != null && value.reveal() != null && value.reveal().chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                    yaml.error(header.value(), header.path(), "header values must not contain control characters");
                    continue;
                }
                if (value != null) {
                    out.put(header.name(), value);
                }
            }
            return out;
        }

        /** A {@code {env: NAME}} or {@code {file: PATH}} reference, resolved unless only checking. */
        private Secret secret(Item item) {
            if (!(item.value() instanceof MappingNode)) {
                yaml.error(item.value(), item.path(), "write it as {env: NAME} or {file: PATH}: credentials are "
                        + "never written in the config file itself");
                return null;
            }
            Map<String, Item> ref = yaml.mapping(item.value(), item.path());
            if (ref.size() != 1 || !(ref.containsKey("env") || ref.containsKey("file"))) {
                yaml.error(item.value(), item.path(), "must be exactly one of {env: NAME} or {file: PATH}");
                return null;
            }
            if (ref.containsKey("env")) {
                String name = yaml.text(ref.get("env"));
                if (name == null) {
                    return null;
                }
                if (!ENV_NAME.matcher(name).matches()) {
                    yaml.error(ref.get("env").value(), ref.get("env").path(), "'" + name
                            + "' is not an environment variable name");
                    return null;
                }
                if (name.startsWith("BREACHWATCH_")) {
                    yaml.error(ref.get("env").value(), ref.get("env").path(), "BREACHWATCH_* variables are "
                            + "breachwatch settings (an unknown one is refused); name it e.g. PAGERDUTY_ROUTING_KEY");
                    return null;
                }
                if (!resolveSecrets) {
                    return Secret.of("env " + name, null);
                }
                String value = environment.get(name);
                if (value == null || value.isBlank()) {
                    yaml.error(ref.get("env").value(), ref.get("env").path(), "environment variable " + name
                            + " is not set");
                    return null;
                }
                return Secret.of("env " + name, value.trim());
            }
            String file = yaml.text(ref.get("file"));
            if (file == null) {
                return null;
            }
            if (!resolveSecrets) {
                return Secret.of("file " + file, null);
            }
            try {
                Path path = Path.of(file);
                if (Files.size(path) > MAX_SECRET_FILE_BYTES) {
                    yaml.error(ref.get("file").value(), ref.get("file").path(), file + " is too large for a secret");
                    return null;
                }
                String value = Files.readString(path).strip();
                if (value.isEmpty()) {
                    yaml.error(ref.get("file").value(), ref.get("file").path(), file + " is empty");
                    return null;
                }
                return Secret.of("file " + file, value);
            } catch (IOException | RuntimeException e) {
                yaml.error(ref.get("file").value(), ref.get("file").path(), "cannot read " + file + " ("
                        + e.getClass().getSimpleName() + ")");
                return null;
            }
        }

        private Set<PagedTopic> topics(Item item) {
            List<Node> entries = item.value() instanceof ScalarNode ? List.of(item.value()) : yaml.sequence(item);
            if (entries == null) {
                return EnumSet.allOf(PagedTopic.class);
            }
            Set<PagedTopic> out = EnumSet.noneOf(PagedTopic.class);
            for (Node entry : entries) {
                String value = yaml.text(entry, item.path());
                if (value == null) {
                    continue;
                }
                switch (value) {
                    case "alerts":
                        out.add(PagedTopic.ALERTS);
                        break;
                    case "incidents":
                        out.add(PagedTopic.INCIDENTS);
                        break;
                    default:
                        yaml.error(entry, item.path(), "'" + value + "' is not alerts or incidents");
                }
            }
            if (out.isEmpty() && !entries.isEmpty()) {
                return EnumSet.allOf(PagedTopic.class);
            }
            if (entries.isEmpty()) {
                yaml.error(item.value(), item.path(), "is an empty list");
            }
            return out;
        }

        private RateLimit rateLimit(Item item) {
            Map<String, Item> keys = yaml.mapping(item.value(), item.path());
            yaml.onlyKnown(keys, List.of("pages_per_minute", "burst"), "in rate_limit");
            Integer perMinute = optional(keys.get("pages_per_minute"))
                    ? yaml.whole(keys.get("pages_per_minute"), 1, 600) : Integer.valueOf(RateLimit.DEFAULT.pagesPerMinute());
            Integer burst = optional(keys.get("burst")) ? yaml.whole(keys.get("burst"), 1, 100)
                    : Integer.valueOf(RateLimit.DEFAULT.burst());
            return perMinute == null || burst == null ? null : new RateLimit(perMinute, burst);
        }

        private RetryPolicy retry(Item item) {
            Map<String, Item> keys = yaml.mapping(item.value(), item.path());
            yaml.onlyKnown(keys, List.of("initial_backoff", "max_backoff", "max_retry_after", "overdue_after"),
                    "in retry");
            RetryPolicy d = RetryPolicy.DEFAULT;
            Duration initial = duration(keys.get("initial_backoff"), d.initialBackoff(), Duration.ofMillis(10),
                    Duration.ofMinutes(1));
            Duration max = duration(keys.get("max_backoff"), d.maxBackoff(), Duration.ofMillis(10),
                    Duration.ofHours(1));
            Duration retryAfter = duration(keys.get("max_retry_after"), d.maxRetryAfter(), Duration.ofSeconds(1),
                    Duration.ofHours(1));
            Duration overdue = duration(keys.get("overdue_after"), d.overdueAfter(), Duration.ofSeconds(1),
                    Duration.ofDays(1));
            if (initial != null && max != null && max.compareTo(initial) < 0) {
                yaml.error(keys.containsKey("max_backoff") ? keys.get("max_backoff").value() : item.value(),
                        item.path() + ".max_backoff", "must be at least initial_backoff");
                return null;
            }
            return initial == null || max == null || retryAfter == null || overdue == null ? null
                    : new RetryPolicy(initial, max, retryAfter, overdue);
        }

        private Duration duration(Item item, Duration fallback, Duration min, Duration max) {
            return optional(item) ? yaml.duration(item, min, max) : fallback;
        }

        private String matching(Item item, Pattern pattern, String expected) {
            String value = yaml.text(item);
            if (value != null && !pattern.matcher(value).matches()) {
                yaml.error(item.value(), item.path(), "'" + value + "' is not valid: " + expected);
                return null;
            }
            return value;
        }

        private boolean required(Map<String, Item> keys, String key, Node node, String path) {
            if (optional(keys.get(key))) {
                return true;
            }
            yaml.error(keys.containsKey(key) ? keys.get(key).value() : node, path, "'" + key + "' is required");
            return false;
        }
    }

    private static boolean optional(Item item) {
        return item != null && !YamlNodes.isNull(item.value());
    }

    static boolean loopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]") || h.equals("::1");
    }
}
