package io.breachwatch.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.regex.RegularExpressionFactory;
import io.breachwatch.schema.json.EventJson;
import io.breachwatch.schema.json.JsonLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The published JSON Schemas (src/main/resources/schemas), each with the Java type and the mapping breachwatch
 * reads it with, and a way to ask both for their verdict on one document.
 */
enum PublishedSchema {
    AUTH_EVENT("auth-event", AuthEvent.class),
    API_CALL_EVENT("api-call-event", ApiCallEvent.class),
    NETWORK_EVENT("network-event", NetworkEvent.class),
    ALERT("alert", Alert.class),
    INCIDENT("incident", Incident.class, new EventJson(JsonLimits.INCIDENTS)),
    DEAD_LETTER("dead-letter", DeadLetter.class, new EventJson(JsonLimits.DEAD_LETTERS));

    static final RegularExpressionFactory REGEX = EcmaDollarRegex.INSTANCE;
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    // In draft 2020-12 "format" only annotates unless assertions are switched on; the docs promise date-time is
    // enforced, and the schemas back that with a pattern for validators that leave it off. Patterns are read as
    // ECMA 262, as the spec says (see EcmaDollarRegex).
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .regularExpressionFactory(REGEX)
            .build();

    private final String id;
    private final Class<?> type;
    private final EventJson json;
    private JsonSchema schema;

    PublishedSchema(String id, Class<?> type) {
        this(id, type, EventJson.strict());
    }

    PublishedSchema(String id, Class<?> type, EventJson json) {
        this.id = id;
        this.type = type;
        this.json = json;
    }

    static PublishedSchema byId(String id) {
        return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no schema " + id));
    }

    String id() {
        return id;
    }

    Class<?> type() {
        return type;
    }

    /**
     * The mapping breachwatch reads this type with: {@link EventJson#strict()}, except for dead letters, which embed
     * a rejected record and are read with {@link JsonLimits#DEAD_LETTERS}, and incidents, which list up to 200
     * alerts and are read with {@link JsonLimits#INCIDENTS}, as {@link Topics} does.
     */
    EventJson json() {
        return json;
    }

    String resource() {
        return "schemas/" + id + ".schema.json";
    }

    synchronized JsonSchema schema() {
        if (schema == null) {
            try (InputStream in = PublishedSchema.class.getClassLoader().getResourceAsStream(resource())) {
                if (in == null) {
                    throw new IllegalStateException(resource() + " is not on the classpath");
                }
                schema = FACTORY.getSchema(in, CONFIG);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return schema;
    }

    JsonNode schemaNode() {
        return schema().getSchemaNode();
    }

    /** The schema's error messages; empty when it accepts the document. */
    List<String> schemaErrors(String json) {
        return schema().validate(json, InputFormat.JSON).stream().map(ValidationMessage::getMessage).toList();
    }

    /** The serde's verdict: the value read, or why it was rejected. */
    SerdeVerdict serdeVerdict(String json) {
        try {
            return new SerdeVerdict(this.json.read(json.getBytes(StandardCharsets.UTF_8), type), null);
        } catch (InvalidEventException e) {
            return new SerdeVerdict(null, e);
        }
    }

    record SerdeVerdict(Object value, InvalidEventException error) {
        boolean accepted() {
            return error == null;
        }

        @Override
        public String toString() {
            return accepted() ? "accepted" : "rejected (" + error.reason() + ", " + error.getMessage() + ")";
        }
    }
}
