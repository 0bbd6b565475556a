package io.breachwatch.schema.json;

import com.fasterxml.jackson.databind.ObjectReader;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka serde over {@link EventJson}. Deserializing throws {@link io.breachwatch.schema.InvalidEventException};
 * topologies that read untrusted topics use {@link io.breachwatch.schema.EventDecoder} instead, which never throws.
 */
public final class JsonSerde<T> implements Serde<T> {
    private final EventJson json;
    private final ObjectReader reader;

    public JsonSerde(Class<T> type) {
        this(type, EventJson.strict());
    }

    public JsonSerde(Class<T> type, EventJson json) {
        this.json = json;
        this.reader = json.readerFor(type);
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> value == null ? null : json.write(value);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> bytes == null ? null : json.read(bytes, reader);
    }

    public T read(byte[] bytes) {
        return json.read(bytes, reader);
    }
}
