package io.breachwatch.detector.topology;

import io.breachwatch.detector.config.DetectorConfig;
import io.breachwatch.detector.engine.DetectionEngine;
import io.breachwatch.detector.engine.GroupDetector;
import io.breachwatch.detector.metrics.DetectorMetrics;
import io.breachwatch.schema.Alert;
import io.breachwatch.schema.ApiCallEvent;
import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.CanonicalEvent;
import io.breachwatch.schema.Decoded;
import io.breachwatch.schema.EventTimeExtractor;
import io.breachwatch.schema.EventTimePolicy;
import io.breachwatch.schema.EventType;
import io.breachwatch.schema.NetworkEvent;
import io.breachwatch.schema.Topic;
import io.breachwatch.schema.Topics;
import io.breachwatch.schema.json.JsonSerde;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * Builds breachwatch's topology; {@code run}, {@code demo} and the tests share this one factory.
 *
 * <pre>
 * events.auth ─► auth-screening ─┬─ accepted ─► for each rule group reading auth (e.g. auth-by-source-ip):
 *                                │                 key ─► [auth-by-source-ip-repartition]
 *                                │                 ─► auth-by-source-ip-detections (store auth-by-source-ip-state)
 *                                │                      ├─ alerts ─► alerts topic
 *                                │                      └─ late   ─► dead letters
 *                                └─ rejected ─► dead letters
 * (events.api and events.net alike)
 * </pre>
 *
 * Every source, processor, sink, store and repartition topic is named after its rule group: a renamed internal
 * topic would silently reset detection state on upgrade, and the golden {@code describe()} test makes any such
 * change a reviewed diff. Each event is repartitioned once per distinct group-by key in use, not once per rule.
 */
public final class BreachwatchTopology {
    /** Alerts of different families within this span of each other, on related entities, form an incident. */
    public static final java.time.Duration INCIDENT_WINDOW = java.time.Duration.ofMinutes(30);

    private BreachwatchTopology() {
    }

    public static Topology build(DetectorConfig config, DetectorMetrics metrics, Clock clock) {
        return build(config, config.detectionEngine(), metrics, clock);
    }

    public static Topology build(DetectorConfig config, DetectionEngine engine, DetectorMetrics metrics, Clock clock) {
        StreamsBuilder builder = builder(config);
        addTo(builder, config, engine, metrics, clock);
        return builder.build();
    }

    /** A builder with the topology settings of {@code config} (explicit internal naming among them). */
    static StreamsBuilder builder(DetectorConfig config) {
        return new StreamsBuilder(new TopologyConfig(new StreamsConfig(topologyProperties(config))));
    }

    /** Adds breachwatch's sources, detections and sinks to {@code builder}, which may hold other steps already. */
    static void addTo(StreamsBuilder builder, DetectorConfig config, DetectionEngine engine, DetectorMetrics metrics,
                      Clock clock) {
        Topics topics = config.topics();
        EventTimePolicy policy = config.eventTimePolicy(clock);

        Map<EventType, KStream<byte[], ? extends CanonicalEvent>> accepted = new EnumMap<>(EventType.class);
        accepted.put(EventType.AUTH, screened(builder, topics.auth(), EventType.AUTH, policy, metrics, topics,
                clock));
        accepted.put(EventType.API, screened(builder, topics.api(), EventType.API, policy, metrics, topics,
                clock));
        accepted.put(EventType.NET, screened(builder, topics.net(), EventType.NET, policy, metrics, topics,
                clock));

        KStream<String, Alert> alerts = null;
        for (GroupDetector detector : engine.groups()) {
            KStream<String, Alert> groupAlerts = detect(accepted.get(detector.group().type()), detector, config,
                    metrics, clock);
            alerts = alerts == null ? groupAlerts
                    : alerts.merge(groupAlerts, Named.as(detector.group().name() + "-alerts-merge"));
        }
        if (alerts != null) {
            PublicationTime.stamp(alerts, "alerts-publication-time", clock)
                    .to(topics.alertTopic().name(), topics.alertTopic().produced("alerts-sink"));
            correlate(alerts, topics, metrics, clock);
        }
    }

    /** All alerts meet under one key; the correlator opens one incident per multi-family episode. */
    private static void correlate(KStream<String, Alert> alerts, Topics topics, DetectorMetrics metrics,
                                  Clock clock) {
        KStream<String, io.breachwatch.schema.Incident> incidents = alerts
                .selectKey((key, alert) -> IncidentCorrelation.KEY, Named.as("incident-key"))
                .repartition(Repartitioned.with(Serdes.String(), topics.alertTopic().valueSerde())
                        .withName("incident-correlation").withNumberOfPartitions(1))
                .process(IncidentCorrelation.supplier(INCIDENT_WINDOW, metrics), Named.as("incident-correlation"));
        PublicationTime.stamp(incidents, "incidents-publication-time", clock)
                .to(topics.incidentTopic().name(), topics.incidentTopic().produced("incidents-sink"));
    }

    @SuppressWarnings("unchecked")
    private static <E extends CanonicalEvent> KStream<String, Alert> detect(KStream<byte[], ? extends CanonicalEvent> events,
                                                          GroupDetector detector, DetectorConfig config,
                                                          DetectorMetrics metrics, Clock clock) {
        String name = detector.group().name();
        Function<CanonicalEvent, String> key = detector.group().keyExtractor();
        KStream<byte[], E> typed = (KStream<byte[], E>) events;
        JsonSerde<E> serde = new JsonSerde<>((Class<E>) eventClass(detector.group().type()));
        Topics topics = config.topics();
        Map<String, KStream<String, Detected>> detected = typed
                .map((k, event) -> KeyValue.pair(key.apply(event), event), Named.as(name + "-key"))
                // Only events some rule of the group looks at cross the repartition (logins that succeeded
                // never reach the platform's failure surge, first-party API calls never reach vendor profiles).
                .filter((k, event) -> k != null && detector.relevant(event), Named.as(name + "-has-key"))
                .repartition(Repartitioned.with(Serdes.String(), serde).withName(name))
                .process(GroupDetections.<E>supplier(detector, metrics, clock), Named.as(name + "-detections"))
                .split(Named.as(name + "-"))
                .branch((k, d) -> d.isAlert(), Branched.as("alerts"))
                .defaultBranch(Branched.as("late"));
        KStream<String, io.breachwatch.schema.DeadLetter> late = detected.get(name + "-late")
                .mapValues(Detected::late, Named.as(name + "-late-dead-letter"));
        PublicationTime.stamp(late, name + "-late-publication-time", clock)
                .to(topics.deadLetterTopic().name(), topics.deadLetterTopic().produced(name + "-late-dead-letters-sink"));
        return detected.get(name + "-alerts").mapValues(Detected::alert, Named.as(name + "-alert"));
    }

    private static Class<? extends CanonicalEvent> eventClass(EventType type) {
        switch (type) {
            case AUTH:
                return AuthEvent.class;
            case API:
                return ApiCallEvent.class;
            default:
                return NetworkEvent.class;
        }
    }

    /** Reads one input topic, dead-letters what cannot be used, and returns the accepted events. */
    private static <T extends CanonicalEvent> KStream<byte[], T> screened(
            StreamsBuilder builder, Topic<byte[], Decoded<T>> input, EventType type, EventTimePolicy policy,
            DetectorMetrics metrics, Topics topics, Clock clock) {
        String prefix = type.label();
        Map<String, KStream<byte[], Screened<T>>> branches = builder
                .stream(input.name(), input.consumed(prefix + "-events-source")
                        .withTimestampExtractor(new EventTimeExtractor(policy)))
                .processValues(() -> new Screening<T>(type, policy, metrics), Named.as(prefix + "-screening"))
                .split(Named.as(prefix + "-"))
                .branch((key, screened) -> screened.isAccepted(), Branched.as("accepted"))
                .defaultBranch(Branched.as("rejected"));
        KStream<String, io.breachwatch.schema.DeadLetter> rejected = branches.get(prefix + "-rejected")
                .map((key, screened) -> KeyValue.pair(screened.deadLetter().reason(), screened.deadLetter()),
                        Named.as(prefix + "-dead-letter"));
        PublicationTime.stamp(rejected, prefix + "-rejected-publication-time", clock)
                .to(topics.deadLetterTopic().name(), topics.deadLetterTopic().produced(prefix + "-dead-letters-sink"));
        return branches.get(prefix + "-accepted")
                .mapValues(Screened::event, Named.as(prefix + "-accepted-event"));
    }

    private static Properties topologyProperties(DetectorConfig config) {
        Properties properties = config.streamsProperties();
        properties.putIfAbsent(StreamsConfig.APPLICATION_ID_CONFIG, "breachwatch");
        properties.putIfAbsent(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        return properties;
    }
}
