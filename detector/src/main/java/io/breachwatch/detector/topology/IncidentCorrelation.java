package io.breachwatch.detector.topology;

import io.breachwatch.detector.engine.IncidentCorrelator;
import io.breachwatch.detector.metrics.DetectorMetrics;
import io.breachwatch.schema.Alert;
import io.breachwatch.schema.Incident;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Adapts {@link IncidentCorrelator} to Kafka Streams. Alerts are few (deduplicated per entity and suppression
 * period), so all of them meet in one task under one key; the correlator's bounded state is one store entry.
 */
final class IncidentCorrelation implements Processor<String, Alert, String, Incident> {
    static final String STORE = "incident-correlation-state";
    static final String KEY = "incidents";

    private final Duration window;
    private final DetectorMetrics metrics;
    private ProcessorContext<String, Incident> context;
    private KeyValueStore<String, byte[]> store;
    private StoreEntries entries;

    private IncidentCorrelation(Duration window, DetectorMetrics metrics) {
        this.window = window;
        this.metrics = metrics;
    }

    static ProcessorSupplier<String, Alert, String, Incident> supplier(Duration window, DetectorMetrics metrics) {
        metrics.expectStore(STORE);
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, Alert, String, Incident> get() {
                return new IncidentCorrelation(window, metrics);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                        Serdes.ByteArray()));
            }
        };
    }

    @Override
    public void init(ProcessorContext<String, Incident> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
        this.entries = StoreEntries.track(context, STORE, () -> store.get(KEY) == null ? 0 : 1, metrics);
    }

    @Override
    public void close() {
        if (entries != null) {
            entries.close();
        }
    }

    @Override
    public void process(Record<String, Alert> record) {
        byte[] stored = store.get(KEY);
        IncidentCorrelator correlator = stored == null ? new IncidentCorrelator(window)
                : IncidentCorrelator.read(stored, window);
        Optional<Incident> incident = correlator.onAlert(record.value());
        store.put(KEY, correlator.write());
        incident.ifPresent(i -> context.forward(record.withKey(i.incidentId()).withValue(i)
                .withTimestamp(i.detectedAt().toEpochMilli())));
    }
}
