package io.breachwatch.detector.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Trims the Kafka client metrics to what an operator reads, without losing any that dashboards and alert rules
 * use: the series count stays proportional to tasks and partitions, with a small factor.
 * <ul>
 *   <li>RocksDB: Kafka Streams registers about 80 metrics per store and task, most recorded only at DEBUG level
 *       (NaN at INFO); the size and error ones are kept.</li>
 *   <li>Topic names with dots: Kafka 4 reports per-topic consumer metrics twice, under the real name and under a
 *       deprecated one with dots replaced by underscores; the deprecated copy is dropped so that sums over topics
 *       do not count every partition twice.</li>
 * </ul>
 */
final class KafkaMeterFilters {
    static final String ROCKSDB_PREFIX = "kafka.stream.state.";
    static final Set<String> ROCKSDB_KEPT = Set.of("estimate.num.keys", "total.sst.files.size",
            "size.all.mem.tables", "block.cache.usage", "background.errors");

    private KafkaMeterFilters() {
    }

    static MeterFilter rocksDbSizesOnly() {
        return new MeterFilter() {
            @Override
            public MeterFilterReply accept(Meter.Id id) {
                String name = id.getName();
                return name.startsWith(ROCKSDB_PREFIX) && !ROCKSDB_KEPT.contains(name.substring(ROCKSDB_PREFIX.length()))
                        ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
            }
        };
    }

    /**
     * @param topics        the topics the detector reads and writes, by their real names
     * @param applicationId the Kafka Streams application id, which prefixes every internal topic
     */
    static MeterFilter withoutDeprecatedTopicNames(Collection<String> topics, String applicationId) {
        Set<String> deprecated = topics.stream().filter(t -> t.contains(".")).map(t -> t.replace('.', '_'))
                .collect(Collectors.toUnmodifiableSet());
        String internalPrefix = applicationId != null && applicationId.contains(".")
                ? applicationId.replace('.', '_') + "-" : null;
        return new MeterFilter() {
            @Override
            public MeterFilterReply accept(Meter.Id id) {
                String topic = id.getTag("topic");
                if (topic == null || !id.getName().startsWith("kafka.")) {
                    return MeterFilterReply.NEUTRAL;
                }
                boolean copy = deprecated.contains(topic) || (internalPrefix != null && topic.startsWith(internalPrefix));
                return copy ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
            }
        };
    }
}
