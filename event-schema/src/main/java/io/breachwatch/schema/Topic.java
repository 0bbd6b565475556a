package io.breachwatch.schema;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * A topic with its key and value serdes, so that call sites never spell serdes.
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {

    public Consumed<K, V> consumed(String sourceName) {
        return Consumed.with(keySerde, valueSerde).withName(sourceName);
    }

    public Produced<K, V> produced(String sinkName) {
        return Produced.with(keySerde, valueSerde).withName(sinkName);
    }
}
