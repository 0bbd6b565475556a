package io.breachwatch.detector.topology;

import io.breachwatch.detector.core.SourceActivity;
import io.breachwatch.detector.core.SourceIpDetector;
import io.breachwatch.detector.metrics.DetectorMetrics;
import io.breachwatch.schema.Alert;
import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.DeadLetterReason;
import io.breachwatch.schema.EventType;
import io.breachwatch.schema.json.EventJson;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Adapts {@link SourceIpDetector} to Kafka Streams: one processor and one named store for every rule keyed by
 * source address. Alerts are forwarded the moment the core raises them (not at window close, not through a record
 * cache), so an alert is as fast as the exactly-once commit interval.
 */
final class SourceIpDetections implements Processor<String, AuthEvent, String, Detected> {
    static final String STORE = "source-ip-activity";
    /** How often expired sources are purged from the store (wall clock; a scan of the whole store). */
    static final Duration PURGE_INTERVAL = Duration.ofMinutes(1);

    private final SourceIpDetector detector;
    private final DetectorMetrics metrics;
    private final Clock clock;
    private ProcessorContext<String, Detected> context;
    private KeyValueStore<String, SourceActivity> store;
    private long streamTime = Long.MIN_VALUE;

    SourceIpDetections(SourceIpDetector detector, DetectorMetrics metrics, Clock clock) {
        this.detector = detector;
        this.metrics = metrics;
        this.clock = clock;
    }

    static ProcessorSupplier<String, AuthEvent, String, Detected> supplier(SourceIpDetector detector,
                                                                           DetectorMetrics metrics, Clock clock) {
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, AuthEvent, String, Detected> get() {
                return new SourceIpDetections(detector, metrics, clock);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                        new SourceActivitySerde()));
            }
        };
    }

    @Override
    public void init(ProcessorContext<String, Detected> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
        context.schedule(PURGE_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> purgeExpired());
    }

    @Override
    public void process(Record<String, AuthEvent> record) {
        AuthEvent event = record.value();
        SourceActivity activity = store.get(record.key());
        if (activity == null) {
            activity = new SourceActivity();
        }
        SourceIpDetector.Verdict verdict = detector.onEvent(event, activity);
        if (verdict.late()) {
            metrics.deadLettered(EventType.AUTH, DeadLetterReason.LATE);
            context.forward(record.withKey(DeadLetterReason.LATE).withValue(new Detected(null, DeadLetters.of(
                    DeadLetterReason.LATE, "timestamp", "event " + event.eventId() + " is "
                            + Duration.ofMillis(verdict.lateByMillis()) + " older than the newest event of its source,"
                            + " beyond the grace period", EventJson.strict().write(event),
                    context.recordMetadata().orElse(null), record.timestamp(), clock.instant()))));
            return;
        }
        streamTime = Math.max(streamTime, event.timestamp().toEpochMilli());
        store.put(record.key(), activity);
        for (Alert alert : verdict.alerts()) {
            metrics.alertRaised(alert, Duration.between(alert.detectedAt(), clock.instant()));
            context.forward(record.withKey(alert.entity().toString()).withValue(new Detected(alert, null))
                    .withTimestamp(alert.detectedAt().toEpochMilli()));
        }
    }

    private void purgeExpired() {
        if (streamTime == Long.MIN_VALUE) {
            return;
        }
        try (KeyValueIterator<String, SourceActivity> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, SourceActivity> entry = all.next();
                if (detector.expired(entry.value, streamTime)) {
                    store.delete(entry.key);
                }
            }
        }
    }
}
