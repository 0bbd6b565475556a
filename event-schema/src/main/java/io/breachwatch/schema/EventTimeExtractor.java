package io.breachwatch.schema;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time from the payload. Records that were rejected, or whose event time the {@link EventTimePolicy} finds
 * implausible, get the partition's current stream time instead (or the record timestamp before the first valid
 * record): they are dead-lettered downstream and must not move stream time on the way.
 */
public final class EventTimeExtractor implements TimestampExtractor {
    private final EventTimePolicy policy;

    public EventTimeExtractor(EventTimePolicy policy) {
        this.policy = policy;
    }

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        if (record.value() instanceof Decoded.Valid<?> valid
                && valid.event() instanceof CanonicalEvent event
                && policy.check(event.timestamp()) == null) {
            return event.timestamp().toEpochMilli();
        }
        // A negative timestamp would make Kafka Streams drop the record silently; it must reach the dead-letter branch.
        return partitionTime >= 0 ? partitionTime : Math.max(0L, record.timestamp());
    }
}
