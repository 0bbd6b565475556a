package io.breachwatch.bench.live;

import io.breachwatch.schema.ApiCallEvent;
import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.CanonicalEvent;
import io.breachwatch.schema.Decoded;
import io.breachwatch.schema.EventTimeExtractor;
import io.breachwatch.schema.EventTimePolicy;
import io.breachwatch.schema.NetworkEvent;
import io.breachwatch.schema.Topic;
import io.breachwatch.schema.Topics;
import io.breachwatch.schema.json.JsonSerde;
import java.time.Duration;
import java.util.Properties;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The bare baseline the detector is compared with: the framework's ceiling for one windowed aggregate. Each input
 * topic is read with breachwatch's own strict decoder and event-time extractor (as the detector reads it), re-keyed
 * by source address, repartitioned carrying the event as JSON (as the detector's rule groups carry it), and counted
 * in one-minute tumbling windows in a RocksDB window store; the counts go to one output topic. Each event passes
 * through exactly one repartition and one windowed aggregate, against the detector's one per rule group of its
 * type (three for logins, two for API calls and flows) plus rule evaluation.
 *
 * <pre>
 * events.auth ─► auth-valid ─► auth-by-source-ip ─► [auth-by-source-ip-repartition] ─► auth-counts-per-minute ─┐
 * events.api  ─► (alike, api-…)                                                                                ├─► output
 * events.net  ─► (alike, net-…, keyed by src_ip)                                                               ┘
 * </pre>
 */
final class BareBaseline {
    static final Duration WINDOW = Duration.ofMinutes(1);

    private BareBaseline() {
    }

    /**
     * The baseline's topology. {@code grace} must be long enough that no record is dropped as late: catching up on
     * a backlog through a repartition lets fast partitions advance stream time, and a dropped record is work the
     * baseline skips.
     */
    static Topology build(Topics topics, String output, EventTimePolicy policy, Duration grace,
                          Properties streamsProperties) {
        StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(streamsProperties)));
        TimeWindows windows = TimeWindows.ofSizeAndGrace(WINDOW, grace);
        count(builder, "auth", topics.auth(), AuthEvent.class, AuthEvent::sourceIp, policy, windows, output);
        count(builder, "api", topics.api(), ApiCallEvent.class, ApiCallEvent::sourceIp, policy, windows, output);
        count(builder, "net", topics.net(), NetworkEvent.class, NetworkEvent::srcIp, policy, windows, output);
        return builder.build();
    }

    private static <T extends CanonicalEvent> void count(StreamsBuilder builder, String prefix,
                                                         Topic<byte[], Decoded<T>> input, Class<T> type,
                                                         Function<T, String> sourceIp, EventTimePolicy policy,
                                                         TimeWindows windows, String output) {
        String name = prefix + "-by-source-ip";
        builder.stream(input.name(), input.consumed(prefix + "-events-source")
                        .withTimestampExtractor(new EventTimeExtractor(policy)))
                .filter((key, decoded) -> decoded instanceof Decoded.Valid<T>, Named.as(prefix + "-valid"))
                .map((key, decoded) -> {
                    T event = ((Decoded.Valid<T>) decoded).event();
                    return KeyValue.pair(sourceIp.apply(event), event);
                }, Named.as(name))
                .repartition(Repartitioned.with(Serdes.String(), new JsonSerde<>(type)).withName(name))
                .groupByKey(Grouped.as(name + "-grouped"))
                .windowedBy(windows)
                .count(Named.as(prefix + "-count"),
                        Materialized.<String, Long, WindowStore<Bytes, byte[]>>as(prefix + "-counts-per-minute")
                                .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()))
                .toStream(Named.as(prefix + "-count-updates"))
                .map((window, n) -> KeyValue.pair(window.key() + "@" + window.window().startTime(), n),
                        Named.as(prefix + "-count-key"))
                .to(output, Produced.with(Serdes.String(), Serdes.Long()).withName(prefix + "-counts-sink"));
    }
}
