package io.breachwatch.schema.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Accepts exactly the strings {@link Rfc3339#PATTERN} allows (RFC 3339 with seconds and an explicit offset, the
 * JSON Schema {@code date-time} format narrowed as documented there). Jackson's own Instant deserializer also takes
 * epoch numbers, missing seconds, lower-case letters and year signs, which the schemas reject; one accepted shape
 * keeps serdes and schemas in agreement.
 */
final class StrictInstantDeserializer extends StdScalarDeserializer<Instant> {
    StrictInstantDeserializer() {
        super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
        }
        String text = p.getText();
        try {
            return Rfc3339.parse(text);
        } catch (DateTimeParseException e) {
            return (Instant) ctxt.handleWeirdStringValue(Instant.class, text,
                    "expected an RFC 3339 date-time with seconds and offset, e.g. 2026-03-14T09:12:48Z");
        }
    }
}
