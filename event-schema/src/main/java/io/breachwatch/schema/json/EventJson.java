package io.breachwatch.schema.json;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
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
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.breachwatch.schema.DeadLetterReason;
import io.breachwatch.schema.InvalidEventException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.stream.Collectors;

/**
 * The one JSON mapping of breachwatch's canonical types: snake_case fields, RFC 3339 timestamps, nulls omitted,
 * and strict reading of untrusted input (size, string length and nesting limits; no unknown fields, duplicate keys,
 * scalar coercion, float-to-int truncation or trailing tokens; never default typing). Every rejection becomes an
 * {@link InvalidEventException} with a reason code and the offending field.
 *
 * <p>The bytes must be strict UTF-8 ({@link Utf8}): Jackson alone accepts overlong and surrogate sequences.
 *
 * <p>Reading is two passes over the (small) document. The first only tokenizes it, so that what is wrong with the
 * document as a whole is reported as such wherever it occurs: {@code malformed_json} (truncated, invalid UTF-8,
 * duplicate keys, trailing content) or {@code too_large} (string, number or nesting limits). Only a well-formed
 * document is then bound to its type, and a failure there is {@code invalid_field}. In one pass, Jackson reports
 * whichever problem it meets first: a truncated string would be blamed on its field.
 */
public final class EventJson {
    private static final EventJson DEFAULT = new EventJson(JsonLimits.DEFAULT);

    private final JsonLimits limits;
    private final ObjectMapper mapper;
    private final CanonicalEventBinder binder;

    public EventJson(JsonLimits limits) {
        this.limits = limits;
        JsonMapper built = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(StrictScalars.module())
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
                // Not COMBINE_UNICODE_SURROGATES_IN_UTF8: it pairs a lone high surrogate with whatever character
                // follows ("a\ud800b" was written as one garbage 4-byte character, and read back as another string).
                // Characters beyond U+FFFF are written as two 6-byte escapes, which the limits allow for.
                // ALLOW_COERCION_OF_SCALARS does not cover numbers and booleans read into strings: 5 would become "5".
                .withCoercionConfig(LogicalType.Textual, config -> config
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .build();
        built.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxDocumentLength(limits.maxDocumentBytes())
                .maxStringLength(limits.maxStringChars())
                .maxNestingDepth(limits.maxNestingDepth())
                .maxNameLength(limits.maxStringChars())
                .maxNumberLength(32)
                .build());
        this.mapper = built;
        this.binder = new CanonicalEventBinder(built.getFactory(), limits.maxDocumentBytes());
    }

    /** The mapping with {@link JsonLimits#DEFAULT}. */
    public static EventJson strict() {
        return DEFAULT;
    }

    public JsonLimits limits() {
        return limits;
    }

    /** The one-pass reader of ordinary canonical events under these limits; see {@link CanonicalEventBinder}. */
    public CanonicalEventBinder binder() {
        return binder;
    }

    /**
     * A streaming parser over untrusted bytes with this mapping's limits and duplicate-key detection, for callers
     * that only look at a document's shape (which canonical type its field names tell) before reading it.
     */
    public JsonParser createParser(byte[] bytes) throws IOException {
        return mapper.getFactory().createParser(bytes);
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
        int invalid = Utf8.firstInvalid(bytes);
        if (invalid >= 0) {
            throw new InvalidEventException(DeadLetterReason.MALFORMED_JSON, null, "invalid UTF-8 at byte " + invalid
                    + " (truncated, overlong or surrogate sequences are not UTF-8)");
        }
        checkWellFormed(bytes);
        T value;
        try {
            value = reader.readValue(bytes);
        } catch (IOException e) {
            throw classify(e);
        }
        if (value == null) {
            throw InvalidEventException.invalidField(null, "document is JSON null, expected an object");
        }
        return value;
    }

    /** First pass: tokenizes the whole document within the limits, decoding every string, binding nothing. */
    private void checkWellFormed(byte[] bytes) {
        try (JsonParser parser = mapper.reader().createParser(bytes)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw new InvalidEventException(DeadLetterReason.MALFORMED_JSON, null, "document is empty");
            }
            int depth = 0;
            do {
                if (token.isStructStart()) {
                    depth++;
                } else if (token.isStructEnd()) {
                    depth--;
                } else if (token == JsonToken.VALUE_STRING) {
                    parser.getText(); // decoding checks UTF-8 and the string length limit
                }
            } while (depth > 0 && (token = parser.nextToken()) != null);
            if (parser.nextToken() != null) {
                throw new InvalidEventException(DeadLetterReason.MALFORMED_JSON, null,
                        "trailing content after the JSON value");
            }
        } catch (StreamConstraintsException e) {
            throw new InvalidEventException(DeadLetterReason.TOO_LARGE, null, firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new InvalidEventException(DeadLetterReason.MALFORMED_JSON, null,
                    firstLine(e instanceof JacksonException je ? je.getOriginalMessage() : e.getMessage()));
        }
    }

    public byte[] write(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The JSON text {@link #write} encodes: decoded from those bytes rather than written as characters, because the
     * character writer leaves a lone surrogate raw (it becomes '?' once encoded) where the byte writer escapes it.
     */
    public String writeString(Object value) {
        return new String(write(value), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Second pass failures: the document is well-formed JSON, so what is wrong is a field (or the top level). */
    static InvalidEventException classify(IOException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidEventException iee) {
                return relocated(iee, e); // thrown by a record constructor, with its own field and message
            }
            if (cause instanceof StreamConstraintsException) {
                return new InvalidEventException(DeadLetterReason.TOO_LARGE, null, firstLine(cause.getMessage()));
            }
        }
        if (e instanceof JsonMappingException jme) {
            String field = jme.getPath().isEmpty() ? null : path(jme);
            return InvalidEventException.invalidField(field, describe(jme));
        }
        return new InvalidEventException(DeadLetterReason.MALFORMED_JSON, null, firstLine(e.getMessage()));
    }

    /**
     * A nested record names its fields under the name its parent usually gives it ({@code Entity} says
     * {@code entity.value}); where it sits in this document ({@code entities[2]}) is the path Jackson recorded on the
     * way up, which replaces that first segment: {@code entities[2].value}. A top-level record's failure has no path
     * and keeps its field, as does a nested one whose path already matches ({@code entity.value}).
     */
    private static InvalidEventException relocated(InvalidEventException e, IOException wrapper) {
        String field = e.field();
        if (field == null || !(wrapper instanceof JsonMappingException jme) || jme.getPath().isEmpty()) {
            return e;
        }
        int dot = field.indexOf('.');
        if (dot <= 0) {
            return e;
        }
        String where = path(jme) + field.substring(dot);
        if (where.equals(field)) {
            return e;
        }
        String message = e.getMessage().startsWith(field + ": ")
                ? e.getMessage().substring(field.length() + 2) : e.getMessage();
        return new InvalidEventException(e.reason(), where, message);
    }

    /** Dotted path with indexes: {@code evidence.event_ids[2]}. */
    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String describe(JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return "is not a known field; the fields are " + unknown.getKnownPropertyIds().stream()
                    .map(String::valueOf).sorted().collect(Collectors.joining(", "));
        }
        String message = firstLine(e.getOriginalMessage())
                // Hints about Jackson's own configuration mean nothing to a producer.
                .replaceAll(" ?\\((but (could|might) if coercion|set DeserializationConfig)[^)]*\\)", "");
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
