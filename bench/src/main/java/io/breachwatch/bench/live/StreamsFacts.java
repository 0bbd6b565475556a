package io.breachwatch.bench.live;

import java.util.Map;
import java.util.TreeMap;
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
        java.util.List<Long> perInstance = new java.util.ArrayList<>();
        for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
            MetricName name = e.getKey();
            if (name.group().equals("stream-state-metrics") && name.name().equals("block-cache-usage")
                    && name.tags().get("rocksdb-state-id") != null && e.getValue().metricValue() instanceof Number n) {
                perInstance.add(n.longValue());
            }
        }
        boolean shared = perInstance.size() > 1 && perInstance.stream().distinct().count() == 1;
        Map<String, Long> total = new TreeMap<>(shared ? Map.of("shared block cache", perInstance.get(0))
                : byStore(streams, "block-cache-usage"));
        byStore(streams, "size-all-mem-tables").forEach((store, bytes) -> total.merge(store, bytes, Long::sum));
        return total;
    }

    private static Map<String, Long> byStore(KafkaStreams streams, String metric) {
        Map<String, Long> byStore = new TreeMap<>();
        for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
            MetricName name = e.getKey();
            String store = name.tags().get("rocksdb-state-id");
            if (name.group().equals("stream-state-metrics") && name.name().equals(metric) && store != null
                    && e.getValue().metricValue() instanceof Number n) {
                byStore.merge(store, n.longValue(), Long::sum);
            }
        }
        return byStore;
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
