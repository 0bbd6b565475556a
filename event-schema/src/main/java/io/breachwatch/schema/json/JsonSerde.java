package io.breachwatch.schema.json;

import com.fasterxml.jackson.databind.ObjectReader;
import io.breachwatch.schema.ApiCallEvent;
import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.CanonicalEvent;
import io.breachwatch.schema.EventType;
import io.breachwatch.schema.NetworkEvent;
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
    /** The event type when T is a canonical event (read through the one-pass binder first), else null. */
    private final EventType eventType;

    public JsonSerde(Class<T> type) {
        this(type, EventJson.strict());
    }

    public JsonSerde(Class<T> type, EventJson json) {
        this.json = json;
        this.reader = json.readerFor(type);
        this.eventType = type == AuthEvent.class ? EventType.AUTH : type == ApiCallEvent.class ? EventType.API
                : type == NetworkEvent.class ? EventType.NET : null;
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> value == null ? null : json.write(value);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(bytes);
    }

    @SuppressWarnings("unchecked")
    public T read(byte[] bytes) {
        if (eventType != null) {
            CanonicalEvent event = json.binder().tryRead(bytes, eventType);
            if (event != null) {
                return (T) event;
            }
        }
        return json.read(bytes, reader);
    }
}
