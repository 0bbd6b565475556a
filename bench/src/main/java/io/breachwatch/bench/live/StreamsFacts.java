package io.breachwatch.bench.live;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/** Figures read from a running Kafka Streams client's own metrics. */
final class StreamsFacts {
    private StreamsFacts() {
    }

    /** Records Kafka Streams dropped (expired windows, deserialization or processing errors), over all tasks. */
    static double droppedRecords(KafkaStreams streams) {
        return sum(streams, "stream-task-metrics", "dropped-records-total");
    }

    /**
     * RocksDB's estimate of the keys in each persistent store, summed over the store's tasks, by store name. An
     * estimate: deletions not yet compacted away can make it off by a few percent.
     */
    static Map<String, Long> estimatedKeysByStore(KafkaStreams streams) {
        return byStore(streams, "estimate-num-keys");
    }

    /**
     * RocksDB memory outside the heap by store: block cache in use plus memtables. When every store instance reports
     * the same block-cache usage, they share one cache (the detector's {@code BoundedRocksDbMemory}: Kafka Streams then
     * reports the shared cache's usage for each of them), and it is counted once, under the name "shared block cache".
     */
    static Map<String, Long> nativeBytesByStore(KafkaStreams streams) {
        List<Long> cacheUsages = perInstance(streams, "block-cache-usage").map(Map.Entry::getValue).toList();
        boolean shared = cacheUsages.size() > 1 && cacheUsages.stream().distinct().count() == 1;
        Map<String, Long> total = new TreeMap<>(shared ? Map.of("shared block cache", cacheUsages.get(0))
                : byStore(streams, "block-cache-usage"));
        byStore(streams, "size-all-mem-tables").forEach((store, bytes) -> total.merge(store, bytes, Long::sum));
        return total;
    }

    private static Map<String, Long> byStore(KafkaStreams streams, String metric) {
        Map<String, Long> byStore = new TreeMap<>();
        perInstance(streams, metric).forEach(e -> byStore.merge(e.getKey(), e.getValue(), Long::sum));
        return byStore;
    }

    /** One RocksDB metric of every store instance (a store has one per task), as (store name, value). */
    private static Stream<Map.Entry<String, Long>> perInstance(KafkaStreams streams, String metric) {
        return streams.metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals("stream-state-metrics") && e.getKey().name().equals(metric)
                        && e.getKey().tags().get("rocksdb-state-id") != null
                        && e.getValue().metricValue() instanceof Number)
                .map(e -> Map.entry(e.getKey().tags().get("rocksdb-state-id"),
                        ((Number) e.getValue().metricValue()).longValue()));
    }

    private static double sum(KafkaStreams streams, String group, String metric) {
        double total = 0;
        for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
            if (e.getKey().group().equals(group) && e.getKey().name().equals(metric)
                    && e.getValue().metricValue() instanceof Number n && !Double.isNaN(n.doubleValue())) {
                total += n.doubleValue();
            }
        }
        return total;
    }
}
