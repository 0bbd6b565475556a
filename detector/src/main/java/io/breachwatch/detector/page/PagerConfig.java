package io.breachwatch.detector.page;

import io.breachwatch.schema.Topics;
import java.util.List;
import java.util.Map;

/**
 * Everything the pager bridge runs with, read by {@link PagerConfigReader} from a YAML file.
 *
 * @param kafka          Kafka client properties (bootstrap servers, TLS, SASL), after {@code KAFKA_*} environment
 *                       overrides, as for {@code breachwatch run}
 * @param topics         the detector's topic names (alerts and incidents are read, the rest unused)
 * @param consumerGroup  prefix of the consumer groups: destination {@code d} commits under {@code <prefix>.<d>}
 * @param startAt        where a destination without committed offsets starts reading
 * @param deadLetterTopic where pages a destination refused for good (4xx) are recorded, with the reason
 * @param metricsAddress host:port serving /metrics and /health, or null for none
 * @param destinations   where pages go (at least one)
 */
public record PagerConfig(Map<String, Object> kafka, Topics topics, String consumerGroup, StartAt startAt,
                          String deadLetterTopic, String metricsAddress, List<DestinationConfig> destinations) {

    public static final String DEFAULT_CONSUMER_GROUP = "breachwatch-pager";
    public static final String DEFAULT_DEAD_LETTER_TOPIC = "breachwatch.pager.dead-letters";
    public static final String DEFAULT_METRICS_ADDRESS = "127.0.0.1:9405";

    /** Where a destination without committed offsets starts: the alerts raised from now on, or all retained. */
    public enum StartAt {
        LATEST, EARLIEST
    }

    public PagerConfig {
        kafka = Map.copyOf(kafka);
        destinations = List.copyOf(destinations);
    }

    /** The consumer group of one destination. */
    public String groupOf(DestinationConfig destination) {
        return consumerGroup + "." + destination.name();
    }

    public PagerConfig withDestinations(List<DestinationConfig> newDestinations) {
        return new PagerConfig(kafka, topics, consumerGroup, startAt, deadLetterTopic, metricsAddress,
                newDestinations);
    }

    public PagerConfig withMetricsAddress(String address) {
        return new PagerConfig(kafka, topics, consumerGroup, startAt, deadLetterTopic, address, destinations);
    }
}
