package io.breachwatch.schema.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import java.io.IOException;
import java.time.Instant;

/** Writes instants as {@link Rfc3339#format} does, so that whatever is written is read back by the same mapping. */
final class StrictInstantSerializer extends StdScalarSerializer<Instant> {
    StrictInstantSerializer() {
        super(Instant.class);
    }

    @Override
    public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
        gen.writeString(Rfc3339.format(value));
    }
}
