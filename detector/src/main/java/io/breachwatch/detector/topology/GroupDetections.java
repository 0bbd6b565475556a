package io.breachwatch.detector.topology;

import io.breachwatch.detector.engine.EntityState;
import io.breachwatch.detector.engine.GroupDetector;
import io.breachwatch.detector.metrics.DetectorMetrics;
import io.breachwatch.schema.Alert;
import io.breachwatch.schema.CanonicalEvent;
import io.breachwatch.schema.DeadLetterReason;
import io.breachwatch.schema.json.EventJson;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * Adapts one {@link GroupDetector} to Kafka Streams: one processor and one named store for every rule of a group.
 * Alerts are forwarded the moment the core raises them (not at window close, not through a record cache), so an
 * alert is as fast as the exactly-once commit interval.
 */
final class GroupDetections<E extends CanonicalEvent> implements Processor<String, E, String, Detected> {
    /** How often expired entities are purged from the store (wall clock; a scan of the whole store). */
    static final Duration PURGE_INTERVAL = Duration.ofMinutes(1);
    /**
     * Event time after which an event triggers a purge as well. Catching up on a backlog, event time runs hours per
     * wall-clock minute, and the wall-clock purge alone let the store hold hours of expired entities (the memory
     * soak's login stores grew by a third between purges).
     */
    static final long PURGE_EVERY_EVENT_MILLIS = Duration.ofMinutes(5).toMillis();
    /** The least wall-clock time between two purges, whatever triggers them: each scans the whole store. */
    static final long MIN_PURGE_GAP_MILLIS = Duration.ofSeconds(2).toMillis();

    private final GroupDetector detector;
    private final String storeName;
    private final DetectorMetrics metrics;
    private final Clock clock;
    private ProcessorContext<String, Detected> context;
    private EntityStateStore store;
    private long streamTime = Long.MIN_VALUE;
    private long lastPurgeStreamTime = Long.MIN_VALUE;
    private long lastPurgeWallMillis = Long.MIN_VALUE;
    private StoreEntries entries;

    private GroupDetections(GroupDetector detector, String storeName, DetectorMetrics metrics, Clock clock) {
        this.detector = detector;
        this.storeName = storeName;
        this.metrics = metrics;
        this.clock = clock;
    }

    static String storeName(GroupDetector detector) {
        return detector.group().name() + "-state";
    }

    static <E extends CanonicalEvent> ProcessorSupplier<String, E, String, Detected> supplier(
            GroupDetector detector, DetectorMetrics metrics, Clock clock) {
        String store = storeName(detector);
        metrics.expectGroup(detector.group().type(), detector.group().name(), store);
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, E, String, Detected> get() {
                return new GroupDetections<>(detector, store, metrics, clock);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(EntityStateStore.builder(store, detector));
            }
        };
    }

    @Override
    public void init(ProcessorContext<String, Detected> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        context.schedule(PURGE_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> purgeExpired());
        this.entries = StoreEntries.track(context, storeName, store::entities, metrics);
    }

    @Override
    public void close() {
        if (entries != null) {
            entries.close();
        }
    }

    @Override
    public void process(Record<String, E> record) {
        E event = record.value();
        EntityState state = store.get(record.key());
        GroupDetector.Verdict verdict = detector.onEvent(event, record.key(), state);
        if (verdict.late()) {
            metrics.deadLettered(event.type(), DeadLetterReason.LATE);
            metrics.lateRecord(event.type(), detector.group().name());
            context.forward(record.withKey(DeadLetterReason.LATE).withValue(new Detected(null, DeadLetters.of(
                    DeadLetterReason.LATE, "timestamp", "event " + event.eventId() + " is "
                            + Duration.ofMillis(verdict.lateByMillis()) + " older than the newest event of its "
                            + detector.group().entityType() + ", beyond the grace period",
                    EventJson.strict().write(event), context.recordMetadata().orElse(null), record.timestamp(),
                    clock.instant()))));
            return;
        }
        streamTime = Math.max(streamTime, event.timestamp().toEpochMilli());
        store.changed(record.key());
        if (lastPurgeStreamTime == Long.MIN_VALUE) {
            lastPurgeStreamTime = streamTime;
        } else if (streamTime - lastPurgeStreamTime >= PURGE_EVERY_EVENT_MILLIS
                && (lastPurgeWallMillis == Long.MIN_VALUE
                        || clock.millis() - lastPurgeWallMillis >= MIN_PURGE_GAP_MILLIS)) {
            purgeExpired();
        }
        for (Alert alert : verdict.alerts()) {
            metrics.alertRaised(alert, Duration.between(alert.detectedAt(), clock.instant()));
            context.forward(record.withKey(alert.entity().toString()).withValue(new Detected(alert, null))
                    .withTimestamp(alert.detectedAt().toEpochMilli()));
        }
        if (!verdict.alerts().isEmpty()) {
            // read_committed readers (pagers) see an alert only once its transaction commits: do not wait for the
            // commit interval, which is long for throughput's sake.
            context.commit();
        }
    }

    private void purgeExpired() {
        if (streamTime == Long.MIN_VALUE) {
            return;
        }
        store.deleteExpired(streamTime);
        lastPurgeStreamTime = streamTime;
        lastPurgeWallMillis = clock.millis();
    }
}
