package io.breachwatch.detector.topology;

import io.breachwatch.detector.metrics.DetectorMetrics;
import io.breachwatch.schema.CanonicalEvent;
import io.breachwatch.schema.Decoded;
import io.breachwatch.schema.EventTimePolicy;
import io.breachwatch.schema.EventType;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * First step for every input record: counts it, then accepts it with its event time as record timestamp, or turns
 * it into a dead letter (unreadable, invalid, or an implausible event time) carrying the source topic, partition
 * and offset. Nothing is dropped here and nothing throws.
 */
final class Screening<T extends CanonicalEvent> implements FixedKeyProcessor<byte[], Decoded<T>, Screened<T>> {
    private final EventType type;
    private final EventTimePolicy policy;
    private final DetectorMetrics metrics;
    private FixedKeyProcessorContext<byte[], Screened<T>> context;

    Screening(EventType type, EventTimePolicy policy, DetectorMetrics metrics) {
        this.type = type;
        this.policy = policy;
        this.metrics = metrics;
    }

    @Override
    public void init(FixedKeyProcessorContext<byte[], Screened<T>> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<byte[], Decoded<T>> record) {
        metrics.eventRead(type);
        Decoded<T> decoded = record.value();
        if (decoded instanceof Decoded.Valid<T> valid) {
            Instant eventTime = valid.event().timestamp();
            String reason = policy.check(eventTime);
            if (reason == null) {
                context.forward(record.withValue(Screened.accepted(valid.event()))
                        .withTimestamp(eventTime.toEpochMilli()));
                return;
            }
            reject(record, reason, "timestamp", policy.explain(reason, eventTime), null);
        } else if (decoded instanceof Decoded.Rejected<T> rejected) {
            reject(record, rejected.reason(), rejected.field(), rejected.detail(), rejected.payload());
        } else {
            reject(record, io.breachwatch.schema.DeadLetterReason.MALFORMED_JSON, null, "value is null", null);
        }
    }

    private void reject(FixedKeyRecord<byte[], Decoded<T>> record, String reason, String field, String detail,
                        byte[] payload) {
        metrics.deadLettered(type, reason);
        byte[] original = payload;
        if (original == null && record.value() instanceof Decoded.Valid<T>) {
            original = io.breachwatch.schema.json.EventJson.strict().write(((Decoded.Valid<T>) record.value()).event());
        }
        context.forward(record.withValue(Screened.<T>rejected(DeadLetters.of(reason, field, detail, original,
                context.recordMetadata().orElse(null), record.timestamp(), policy.clock().instant()))));
    }
}
