package io.breachwatch.schema.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.breachwatch.schema.DeadLetterReason;
import io.breachwatch.schema.InvalidEventException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.stream.Collectors;

/**
 * The one JSON mapping of breachwatch's canonical types: snake_case fields, RFC 3339 timestamps, nulls omitted,
 * and strict reading of untrusted input (size, string length and nesting limits; no unknown fields, duplicate keys,
 * scalar coercion, float-to-int truncation or trailing tokens; never default typing). Every rejection becomes an
 * {@link InvalidEventException} with a reason code and the offending field.
 */
public final class EventJson {
    private static final EventJson DEFAULT = new EventJson(JsonLimits.DEFAULT);

    private final JsonLimits limits;
    private final ObjectMapper mapper;

    public EventJson(JsonLimits limits) {
        this.limits = limits;
        SimpleModule strictTime = new SimpleModule("breachwatch-strict-time")
                .addDeserializer(Instant.class, new StrictInstantDeserializer());
        JsonMapper built = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(strictTime)
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .serializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .build();
        built.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxDocumentLength(limits.maxDocumentBytes())
                .maxStringLength(limits.maxStringChars())
                .maxNestingDepth(limits.maxNestingDepth())
                .maxNumberLength(32)
                .build());
        this.mapper = built;
    }

    /** The mapping with {@link JsonLimits#DEFAULT}. */
    public static EventJson strict() {
        return DEFAULT;
    }

    public JsonLimits limits() {
        return limits;
    }

    public <T> ObjectReader readerFor(Class<T> type) {
        return mapper.readerFor(type);
    }

    public ObjectWriter writer() {
        return mapper.writer();
    }

    /**
     * Reads one value of {@code type} from untrusted bytes.
     *
     * @throws InvalidEventException naming the reason and, where there is one, the field
     */
    public <T> T read(byte[] bytes, Class<T> type) {
        return read(bytes, mapper.readerFor(type));
    }

    public <T> T read(byte[] bytes, ObjectReader reader) {
        if (bytes == null) {
            throw new InvalidEventException(DeadLetterReason.MALFORMED_JSON, null, "value is null (tombstone)");
        }
        if (bytes.length > limits.maxDocumentBytes()) {
            throw new InvalidEventException(DeadLetterReason.TOO_LARGE, null,
                    "document is " + bytes.length + " bytes, the limit is " + limits.maxDocumentBytes());
        }
        try {
            return reader.readValue(bytes);
        } catch (IOException e) {
            throw classify(e);
        }
    }

    public byte[] write(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String writeString(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static InvalidEventException classify(IOException e) {
        if (e instanceof ValueInstantiationException vie && vie.getCause() instanceof InvalidEventException iee) {
            return iee;
        }
        if (e instanceof StreamConstraintsException) {
            return new InvalidEventException(DeadLetterReason.TOO_LARGE, null, firstLine(e.getMessage()));
        }
        if (e instanceof JsonMappingException jme && !jme.getPath().isEmpty()) {
            String field = jme.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            return InvalidEventException.invalidField(field, describe(jme));
        }
        if (e instanceof JsonMappingException jme && jme.getCause() instanceof InvalidEventException iee) {
            return iee;
        }
        if (e instanceof JsonMappingException) {
            return new InvalidEventException(DeadLetterReason.INVALID_FIELD, null, firstLine(((JsonMappingException) e).getOriginalMessage()));
        }
        return new InvalidEventException(DeadLetterReason.MALFORMED_JSON, null, firstLine(e.getMessage()));
    }

    private static String describe(JsonMappingException e) {
        String message = firstLine(e.getOriginalMessage());
        // Jackson's messages quote Java class names; the producer wants to know what JSON to send.
        return message.replaceAll("`[a-zA-Z0-9_.$]+\\.([A-Za-z0-9_$]+)`", "$1");
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
