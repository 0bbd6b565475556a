package io.breachwatch.detector.metrics;

import io.breachwatch.detector.config.DetectorConfig;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The Prometheus registry of one detector process with everything bound to it: breachwatch's own meters, JVM and
 * process metrics, and the Kafka Streams client's metrics (bound once per client, closed with it, as Micrometer's
 * binder requires).
 */
public final class Observability implements AutoCloseable {
    /**
     * How soon the metrics of newly assigned tasks and partitions (consumer lag, state stores) appear. Micrometer
     * looks for new Kafka metrics once a minute by default; a rebalance would leave lag unreported that long.
     */
    public static final Duration KAFKA_METRICS_REFRESH = Duration.ofSeconds(10);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final DetectorMetrics detector;
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final ScheduledExecutorService kafkaRefresh = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "breachwatch-kafka-metrics");
        t.setDaemon(true);
        return t;
    });
    private KafkaStreamsMetrics streams;

    /** @param config the detector's configuration: its topic names and application id shape the Kafka metrics */
    public Observability(DetectorConfig config) {
        // Filters first: they apply to meters registered after them.
        registry.config().meterFilter(KafkaMeterFilters.rocksDbSizesOnly());
        registry.config().meterFilter(KafkaMeterFilters.withoutDeprecatedTopicNames(config.topics().all(),
                config.applicationId()));
        detector = new DetectorMetrics(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public DetectorMetrics detector() {
        return detector;
    }

    /** Binds the Kafka Streams client's metrics (consumer lag, commit and process rates, state stores). */
    public void bind(KafkaStreams kafkaStreams) {
        streams = new KafkaStreamsMetrics(kafkaStreams, List.of(), kafkaRefresh, KAFKA_METRICS_REFRESH);
        streams.bindTo(registry);
    }

    @Override
    public void close() {
        if (streams != null) {
            streams.close();
        }
        kafkaRefresh.shutdownNow();
        gc.close();
        registry.close();
    }
}
