package io.breachwatch.detector.topology;

import io.breachwatch.detector.config.DetectorConfig;
import io.breachwatch.detector.core.SourceIpDetector;
import io.breachwatch.detector.metrics.DetectorMetrics;
import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.Decoded;
import io.breachwatch.schema.EventTimeExtractor;
import io.breachwatch.schema.EventTimePolicy;
import io.breachwatch.schema.EventType;
import io.breachwatch.schema.Topic;
import io.breachwatch.schema.Topics;
import io.breachwatch.schema.json.JsonSerde;
import java.time.Clock;
import java.util.Map;
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
 * events.auth ─► auth-screening ─┬─ accepted ─► auth-key-by-source-ip ─► [auth-by-source-ip-repartition]
 *                                └─ rejected ─► dead letters                      │
 *                                                                 source-ip-detections (store source-ip-activity)
 *                                                                   ├─ alerts ─► alerts topic
 *                                                                   └─ late   ─► dead letters
 * </pre>
 *
 * Every source, processor, sink, store and repartition topic is named: a renamed internal topic would silently
 * reset detection state on upgrade, and the golden {@code describe()} test makes any such change a reviewed diff.
 */
public final class BreachwatchTopology {
    static final String AUTH_BY_SOURCE_IP = "auth-by-source-ip";

    private BreachwatchTopology() {
    }

    public static Topology build(DetectorConfig config, DetectorMetrics metrics, Clock clock) {
        StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(topologyProperties(config))));
        Topics topics = config.topics();
        EventTimePolicy policy = config.eventTimePolicy(clock);

        KStream<byte[], AuthEvent> auth = screened(builder, topics.auth(), EventType.AUTH, "auth", policy, metrics,
                topics);
        KStream<String, AuthEvent> bySourceIp = auth
                .map((key, event) -> KeyValue.pair(event.sourceIp(), event), Named.as("auth-key-by-source-ip"))
                .repartition(Repartitioned.with(Serdes.String(), new JsonSerde<>(AuthEvent.class))
                        .withName(AUTH_BY_SOURCE_IP));

        SourceIpDetector detector = new SourceIpDetector(config.catalogue().sourceIpRules(), config.grace());
        bySourceIp.process(SourceIpDetections.supplier(detector, metrics, clock), Named.as("source-ip-detections"))
                .split(Named.as("source-ip-"))
                .branch((key, detected) -> detected.isAlert(), Branched.withConsumer(alerts -> alerts
                        .mapValues(Detected::alert, Named.as("source-ip-alert"))
                        .to(topics.alertTopic().name(), topics.alertTopic().produced("source-ip-alerts-sink")),
                        "alerts"))
                .defaultBranch(Branched.withConsumer(late -> late
                        .mapValues(Detected::late, Named.as("source-ip-late-dead-letter"))
                        .to(topics.deadLetterTopic().name(),
                                topics.deadLetterTopic().produced("source-ip-late-dead-letters-sink")), "late"));
        return builder.build();
    }

    /** Reads one input topic, dead-letters what cannot be used, and returns the accepted events. */
    private static <T extends io.breachwatch.schema.CanonicalEvent> KStream<byte[], T> screened(
            StreamsBuilder builder, Topic<byte[], Decoded<T>> input, EventType type, String prefix,
            EventTimePolicy policy, DetectorMetrics metrics, Topics topics) {
        Map<String, KStream<byte[], Screened<T>>> branches = builder
                .stream(input.name(), input.consumed(prefix + "-events-source")
                        .withTimestampExtractor(new EventTimeExtractor(policy)))
                .processValues(() -> new Screening<T>(type, policy, metrics), Named.as(prefix + "-screening"))
                .split(Named.as(prefix + "-"))
                .branch((key, screened) -> screened.isAccepted(), Branched.as("accepted"))
                .defaultBranch(Branched.as("rejected"));
        branches.get(prefix + "-rejected")
                .map((key, screened) -> KeyValue.pair(screened.deadLetter().reason(), screened.deadLetter()),
                        Named.as(prefix + "-dead-letter"))
                .to(topics.deadLetterTopic().name(), topics.deadLetterTopic().produced(prefix + "-dead-letters-sink"));
        return branches.get(prefix + "-accepted")
                .mapValues(Screened::event, Named.as(prefix + "-accepted-event"));
    }

    private static java.util.Properties topologyProperties(DetectorConfig config) {
        java.util.Properties properties = config.streamsProperties();
        properties.putIfAbsent(StreamsConfig.APPLICATION_ID_CONFIG, "breachwatch");
        properties.putIfAbsent(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        return properties;
    }
}
