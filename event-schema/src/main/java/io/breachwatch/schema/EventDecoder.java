package io.breachwatch.schema;

import io.breachwatch.schema.json.EventJson;
import io.breachwatch.schema.json.JsonSerde;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde for input topics: reads untrusted bytes into {@link Decoded} and never throws, so that rejections flow
 * through the topology to the dead-letter topic with their reason and source offset instead of tripping the
 * deserialization exception handler. Writing is only for tests and the simulator (valid events only).
 */
public final class EventDecoder<T extends CanonicalEvent> implements Serde<Decoded<T>> {
    private final JsonSerde<T> json;

    public EventDecoder(Class<T> type, EventJson mapping) {
        this.json = new JsonSerde<>(type, mapping);
    }

    public EventDecoder(Class<T> type) {
        this(type, EventJson.strict());
    }

    public Decoded<T> decode(byte[] bytes) {
        try {
            return new Decoded.Valid<>(json.read(bytes));
        } catch (InvalidEventException e) {
            return Decoded.Rejected.of(e, bytes);
        } catch (RuntimeException e) {
            // Defensive: a parser bug must dead-letter the record, not kill the stream thread.
            return new Decoded.Rejected<>(DeadLetterReason.MALFORMED_JSON, null,
                    "unreadable: " + e.getClass().getSimpleName(), bytes);
        }
    }

    @Override
    public Deserializer<Decoded<T>> deserializer() {
        return (topic, bytes) -> decode(bytes);
    }

    @Override
    public Serializer<Decoded<T>> serializer() {
        Serializer<T> inner = json.serializer();
        return (topic, decoded) -> {
            if (decoded instanceof Decoded.Valid<T> valid) {
                return inner.serialize(topic, valid.event());
            }
            return decoded instanceof Decoded.Rejected<T> rejected ? rejected.payload() : null;
        };
    }
}
