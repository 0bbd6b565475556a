package io.breachwatch.schema.compact;

import io.breachwatch.schema.CanonicalEvent;
import io.breachwatch.schema.json.JsonSerde;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The serde of the detector's repartition topics: writes {@link CompactEventCodec compact records} and reads them,
 * and still reads the JSON that detectors before it wrote there, so a rolling upgrade finds no record it cannot
 * read. Deserializing throws {@link io.breachwatch.schema.InvalidEventException} on a damaged record.
 */
public final class CompactEventSerde<T extends CanonicalEvent> implements Serde<T> {
    private final Class<T> type;
    private final JsonSerde<T> json;

    public CompactEventSerde(Class<T> type) {
        this.type = type;
        this.json = new JsonSerde<>(type);
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> value == null ? null : CompactEventCodec.write(value);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(bytes);
    }

    public T read(byte[] bytes) {
        if (!CompactEventCodec.isCompact(bytes)) {
            return json.read(bytes);
        }
        CanonicalEvent event = CompactEventCodec.read(bytes);
        if (!type.isInstance(event)) {
            throw io.breachwatch.schema.InvalidEventException.invalidField("record", "holds a "
                    + event.type().label() + " event where " + type.getSimpleName() + " was expected");
        }
        return type.cast(event);
    }
}
