package io.breachwatch.detector.topology;

import java.time.Clock;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Stamps records leaving for an output topic (alerts, incidents, dead letters) with the wall-clock time they are
 * published; inside the topology they keep their event time.
 *
 * <p>Why: a broker deletes records by their timestamp. An alert stamped with its event's time, raised while
 * catching up on a backlog or replaying last month's logs, is already older than a 7-day retention and disappears
 * at the broker's next retention check, before a pager or an analyst reads it. The alert's own fields carry its
 * event times; the record timestamp says when it was published.
 */
final class PublicationTime<K, V> implements FixedKeyProcessor<K, V, V> {
    private final Clock clock;
    private FixedKeyProcessorContext<K, V> context;

    private PublicationTime(Clock clock) {
        this.clock = clock;
    }

    static <K, V> KStream<K, V> stamp(KStream<K, V> records, String name, Clock clock) {
        return records.processValues(() -> new PublicationTime<>(clock), Named.as(name));
    }

    @Override
    public void init(FixedKeyProcessorContext<K, V> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<K, V> record) {
        context.forward(record.withTimestamp(clock.millis()));
    }
}
