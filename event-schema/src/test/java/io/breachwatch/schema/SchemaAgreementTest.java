package io.breachwatch.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.regex.RegularExpression;
import io.breachwatch.schema.json.EventJson;
import io.breachwatch.schema.json.Rfc3339;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The published JSON Schemas and the serde ({@link EventJson#strict()}; for dead letters the registry's mapping with
 * larger document limits, see {@link PublishedSchema#json()}) accept exactly the same documents.
 *
 * <p>Three kinds of evidence: hand-written samples (src/test/resources/samples/TYPE/valid|invalid, each invalid one
 * named {@code FIELD--WHAT-IS-WRONG.json}, {@code _document} when the document as a whole is wrong); rules
 * generated from each schema property (absent, null, at and beyond every length and range limit, blank, wrong
 * type, each enum value); and a table of timestamp strings. Document-level limits (size, nesting, string token
 * length, duplicate keys) are outside what a JSON Schema can say; {@code EventJsonTest} covers them.
 */
class SchemaAgreementTest {
    private static final ObjectMapper PLAIN = new ObjectMapper();
    private static final String EMOJI = "\uD83D\uDE00"; // one code point, two UTF-16 chars

    // ------------------------------------------------------------------------------------------- hand-written samples

    record Sample(PublishedSchema schema, String file, boolean valid, String json) {
        /** The field the serde must blame: the file name up to "--"; "_document" means none. */
        String expectedField() {
            String field = file.substring(0, file.indexOf("--"));
            return field.equals("_document") ? null : field;
        }

        @Override
        public String toString() {
            return schema.id() + "/" + (valid ? "valid/" : "invalid/") + file;
        }
    }

    static Stream<Sample> validSamples() {
        return samples(true);
    }

    static Stream<Sample> invalidSamples() {
        return samples(false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validSamples")
    void validSampleIsAcceptedByBothAndRoundTrips(Sample sample) {
        // When
        List<String> schemaErrors = sample.schema().schemaErrors(sample.json());
        Object read = sample.schema().json().read(bytes(sample.json()), sample.schema().type());

        // Then
        assertThat(schemaErrors).as("schema errors").isEmpty();
        assertRoundTrips(sample.schema(), read);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSamples")
    void invalidSampleIsRejectedByBothAndTheSerdeNamesTheField(Sample sample) {
        // When
        List<String> schemaErrors = sample.schema().schemaErrors(sample.json());
        Throwable thrown = catchThrowable(() -> sample.schema().json().read(bytes(sample.json()),
                sample.schema().type()));

        // Then
        assertThat(schemaErrors).as("schema errors").isNotEmpty();
        assertThat(thrown).isInstanceOfSatisfying(InvalidEventException.class, e -> {
            assertThat(e.reason()).as("reason of %s", e.getMessage()).isEqualTo(DeadLetterReason.INVALID_FIELD);
            assertThat(e.field()).as("field of %s", e.getMessage()).isEqualTo(sample.expectedField());
        });
    }

    @Test
    void everyTypeHasValidAndInvalidSamples() {
        for (PublishedSchema schema : PublishedSchema.values()) {
            assertThat(validSamples().filter(s -> s.schema() == schema)).as(schema.id()).hasSizeGreaterThan(2);
            assertThat(invalidSamples().filter(s -> s.schema() == schema)).as(schema.id()).hasSizeGreaterThan(8);
        }
    }

    // --------------------------------------------------------------------------------- rules generated per property

    /** One document and what both must say about it: accept, or reject as {@code reason} blaming {@code field}. */
    record Mutation(String description, String json, boolean valid, String reason, String field) {
        Mutation(String description, String json, boolean valid, String field) {
            this(description, json, valid, DeadLetterReason.INVALID_FIELD, field);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyPropertyRuleIsEnforcedAlikeBySchemaAndSerde() {
        return Arrays.stream(PublishedSchema.values()).flatMap(schema -> {
            ObjectNode full = (ObjectNode) tree(sample(schema, "valid/full.json"));
            List<Mutation> mutations = new ArrayList<>();
            addMutations(schema, schema.schemaNode(), full, List.of(), mutations);
            return mutations.stream().map(m -> dynamicTest(schema.id() + ": " + m.description(),
                    () -> assertAgreement(schema, m)));
        });
    }

    private static void assertAgreement(PublishedSchema schema, Mutation mutation) {
        // When
        List<String> schemaErrors = schema.schemaErrors(mutation.json());
        PublishedSchema.SerdeVerdict serde = schema.serdeVerdict(mutation.json());

        // Then
        assertThat(schemaErrors.isEmpty()).as("schema accepts (errors: %s)", schemaErrors).isEqualTo(mutation.valid());
        assertThat(serde.accepted()).as("serde accepts (%s)", serde).isEqualTo(mutation.valid());
        if (mutation.valid()) {
            assertRoundTrips(schema, serde.value());
        } else {
            assertThat(serde.error().reason()).as("reason of %s", serde.error().getMessage())
                    .isEqualTo(mutation.reason());
            assertThat(serde.error().field()).as("field of %s", serde.error().getMessage()).isEqualTo(mutation.field());
        }
    }

    /** Derives accept/reject cases from what the schema says about each property of one object. */
    private static void addMutations(PublishedSchema schema, JsonNode objectSchema, ObjectNode document,
                                     List<String> path, List<Mutation> out) {
        JsonNode root = schema.schemaNode();
        Set<String> required = new LinkedHashSet<>();
        objectSchema.path("required").forEach(r -> required.add(r.asText()));
        objectSchema.path("properties").properties().forEach(property -> {
            String name = property.getKey();
            JsonNode rule = property.getValue();
            List<String> at = append(path, name);
            String field = field(at);
            Set<String> types = types(root, rule);
            Mutator m = new Mutator(document, at, field, out);

            m.remove("absent", !required.contains(name));
            m.set("null", JsonNodeFactory.instance.nullNode(), types.contains("null"));
            if (!types.contains("boolean")) {
                m.set("true", JsonNodeFactory.instance.booleanNode(true), false);
            }
            if (!types.contains("object")) {
                m.set("{}", JsonNodeFactory.instance.objectNode(), false);
            }
            if (rule.has("maxLength")) {
                int max = rule.get("maxLength").asInt();
                m.set("\"a\" x " + max, text("a".repeat(max)), true);
                m.set("\"a\" x " + (max + 1), text("a".repeat(max + 1)), false);
                m.set("emoji x " + max + " (code points are counted)", text(EMOJI.repeat(max)), true);
                // Jackson's string token limit counts UTF-16 chars: a long enough emoji string is too_large first.
                boolean tooLarge = 2 * (max + 1) > schema.json().limits().maxStringChars();
                m.change("emoji x " + (max + 1), false,
                        tooLarge ? DeadLetterReason.TOO_LARGE : DeadLetterReason.INVALID_FIELD, tooLarge ? null : field,
                        parent -> parent.set(m.last(), text(EMOJI.repeat(max + 1))));
            }
            if ("#/$defs/nonBlank".equals(rule.path("$ref").asText())) {
                m.set("empty", text(""), false);
                m.set("spaces, tab and newline", text(" \t\n"), false);
                m.set("ideographic space (U+3000)", text("\u3000"), false);
                m.set("no-break space (U+00A0, not white space in Java)", text("\u00a0"), true);
            }
            if (types.contains("integer")) {
                BigInteger min = rule.get("minimum").bigIntegerValue();
                BigInteger max = rule.get("maximum").bigIntegerValue();
                m.set("minimum " + min, JsonNodeFactory.instance.numberNode(min), true);
                m.set("maximum " + max, JsonNodeFactory.instance.numberNode(max), true);
                m.set("minimum - 1", JsonNodeFactory.instance.numberNode(min.subtract(BigInteger.ONE)), false);
                m.set("maximum + 1", JsonNodeFactory.instance.numberNode(max.add(BigInteger.ONE)), false);
                m.set("minimum as a string", text(min.toString()), false);
                m.set("minimum + 0.5", decimal(new BigDecimal(min).add(new BigDecimal("0.5"))), false);
                m.set("minimum written as " + min + ".0", decimal(new BigDecimal(min + ".0")), true);
            }
            if (types.contains("number")) {
                m.set("0.5", JsonNodeFactory.instance.numberNode(0.5), true);
                m.set("-3", JsonNodeFactory.instance.numberNode(-3), true);
                m.set("\"1.5\"", text("1.5"), false);
            }
            if (types.contains("boolean")) {
                m.set("false", JsonNodeFactory.instance.booleanNode(false), true);
                m.set("\"true\"", text("true"), false);
                m.set("0", JsonNodeFactory.instance.numberNode(0), false);
            }
            rule.path("enum").forEach(value -> {
                m.set("\"" + value.asText() + "\"", text(value.asText()), true);
                m.set("\"" + value.asText().toUpperCase() + "\"", text(value.asText().toUpperCase()), false);
                m.set("\" " + value.asText() + "\"", text(" " + value.asText()), false);
            });
            if (types.contains("array")) {
                addArrayMutations(rule, document.at(pointer(at)).path(0), m);
                if (rule.at("/items/properties").isObject() && document.at(pointer(at)).path(0).isObject()) {
                    addMutations(schema, rule.get("items"), document, append(at, "[0]"), out);
                }
            }
            if (rule.has("properties") && document.at(pointer(at)).isObject()) {
                addMutations(schema, rule, document, at, out);
            }
        });
    }

    /**
     * Cases for an array property: its items (string limits, enum values, objects), its item count ({@code minItems},
     * {@code maxItems}) and {@code uniqueItems}. {@code example} is the first item of the full sample's array.
     */
    private static void addArrayMutations(JsonNode rule, JsonNode example, Mutator m) {
        String field = m.field();
        JsonNode items = rule.get("items");
        int minItems = rule.path("minItems").asInt(0);
        m.set("[]", array(), minItems == 0, field);
        m.set("[null]", array(JsonNodeFactory.instance.nullNode()), false, field + "[0]");
        m.set("\"a\"", text("a"), false);
        if (items.has("maxLength")) {
            int max = items.get("maxLength").asInt();
            m.set("[\"a\" x " + max + "]", array(text("a".repeat(max))), minItems <= 1, field);
            m.set("[\"a\" x " + (max + 1) + "]", array(text("a".repeat(max + 1))), false, field + "[0]");
            m.set("[\"\"]", array(text("")), false, field + "[0]");
        }
        items.path("enum").forEach(value -> {
            String v = value.asText();
            m.set("[\"" + v + "\"]", array(text(v)), minItems <= 1, field);
            m.set("[\"" + v.toUpperCase() + "\"]", array(text(v.toUpperCase())), false, field + "[0]");
            m.set("[\" " + v + "\"]", array(text(" " + v)), false, field + "[0]");
        });
        if (items.has("enum")) {
            m.set("[\"\"]", array(text("")), false, field + "[0]");
            m.set("[0]", array(JsonNodeFactory.instance.numberNode(0)), false, field + "[0]");
            m.set("every value", copyOf(items.get("enum")), true);
        }
        if (items.has("properties")) {
            m.set("[\"a\"]", array(text("a")), false, field + "[0]");
            m.set("[[]]", array(array()), false, field + "[0]");
        }
        if (!example.isMissingNode()) {
            boolean unique = rule.path("uniqueItems").asBoolean(false);
            m.set("the first item twice", array(example, example), !unique, unique ? field + "[1]" : field);
            m.set("the first item, then a different one, then the first again",
                    array(example, distinct(items, example, 1), example), !unique, unique ? field + "[2]" : field);
        }
        if (minItems > 1) {
            m.set((minItems - 1) + " items", distinctItems(items, example, minItems - 1), false);
        }
        if (rule.has("maxItems")) {
            int maxItems = rule.get("maxItems").asInt();
            m.set(maxItems + " distinct items", distinctItems(items, example, maxItems), true);
            m.set((maxItems + 1) + " distinct items", distinctItems(items, example, maxItems + 1), false);
        }
    }

    /** {@code n} distinct items shaped like {@code example}. */
    private static JsonNode distinctItems(JsonNode items, JsonNode example, int n) {
        List<JsonNode> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(distinct(items, example, i));
        }
        return array(list.toArray(JsonNode[]::new));
    }

    /**
     * The {@code i}-th variant of an item: an enum value other than {@code example}, a short string, or the object
     * with each string property changed.
     */
    private static JsonNode distinct(JsonNode items, JsonNode example, int i) {
        if (items.has("enum")) {
            List<JsonNode> others = new ArrayList<>();
            items.get("enum").forEach(value -> {
                if (!value.equals(example)) {
                    others.add(value);
                }
            });
            return others.get(i % others.size());
        }
        if (example.isObject()) {
            ObjectNode copy = example.deepCopy();
            example.properties().forEach(p -> {
                if (p.getValue().isTextual()) {
                    copy.put(p.getKey(), "x-" + i);
                }
            });
            return copy;
        }
        return text("item-" + i);
    }

    /** Applies one change to a copy of the document. */
    private record Mutator(ObjectNode document, List<String> at, String field, List<Mutation> out) {
        void remove(String description, boolean valid) {
            change(description, valid, DeadLetterReason.INVALID_FIELD, field, parent -> parent.remove(last()));
        }

        void set(String description, JsonNode value, boolean valid) {
            set(description, value, valid, field);
        }

        void set(String description, JsonNode value, boolean valid, String blamed) {
            change(description, valid, DeadLetterReason.INVALID_FIELD, blamed, parent -> parent.set(last(), value));
        }

        void change(String description, boolean valid, String reason, String blamed, Consumer<ObjectNode> change) {
            ObjectNode copy = document.deepCopy();
            change.accept((ObjectNode) copy.at(pointer(at.subList(0, at.size() - 1))));
            out.add(new Mutation(field + " = " + description + (valid ? " is accepted" : " is rejected"),
                    copy.toString(), valid, reason, blamed));
        }

        String last() {
            return at.get(at.size() - 1);
        }
    }

    // ------------------------------------------------------------------------------------------------- timestamps

    record Stamp(String text, boolean valid, String why) {
        @Override
        public String toString() {
            return (valid ? "accepts " : "rejects ") + text.replace("\n", "\\n") + " (" + why + ")";
        }
    }

    static List<Stamp> timestamps() {
        return List.of(
                new Stamp("2026-03-14T09:12:48Z", true, "UTC"),
                new Stamp("2026-03-14T09:12:48.5Z", true, "one fraction digit"),
                new Stamp("2026-03-14T09:12:48.123456789Z", true, "nanoseconds"),
                new Stamp("2026-03-14T10:12:48+01:00", true, "positive offset"),
                new Stamp("2026-03-14T04:12:48-05:00", true, "negative offset"),
                new Stamp("2026-03-14T09:12:48+00:00", true, "zero offset written out"),
                new Stamp("2026-03-14T09:12:48-00:30", true, "negative half-hour offset"),
                new Stamp("2026-03-14T09:12:48+18:00", true, "largest offset java.time allows"),
                new Stamp("2026-03-14T09:12:48-18:00", true, "smallest offset java.time allows"),
                new Stamp("2024-02-29T00:00:00Z", true, "leap day"),
                new Stamp("1969-12-31T23:59:59Z", true, "before 1970: valid JSON, the time policy dead-letters it"),
                new Stamp("0000-01-01T00:00:00Z", true, "first RFC 3339 year"),
                new Stamp("0000-01-01T00:00:00+18:00", true, "year -1 in UTC, still a valid string"),
                new Stamp("9999-12-31T23:59:59.999999999-18:00", true, "year 10000 in UTC, still a valid string"),
                new Stamp("2026-03-14T09:12:48", false, "no offset"),
                new Stamp("2026-03-14T09:12Z", false, "no seconds"),
                new Stamp("2026-03-14", false, "date only"),
                new Stamp("2026-03-14 09:12:48Z", false, "space instead of T"),
                new Stamp("2026-03-14t09:12:48Z", false, "lower-case t"),
                new Stamp("2026-03-14T09:12:48z", false, "lower-case z"),
                new Stamp("20260314T091248Z", false, "ISO 8601 basic format"),
                new Stamp("2026-02-29T00:00:00Z", false, "no leap day in 2026"),
                new Stamp("2026-04-31T00:00:00Z", false, "April has 30 days"),
                new Stamp("2026-13-01T00:00:00Z", false, "month 13"),
                new Stamp("2026-03-14T24:00:00Z", false, "hour 24"),
                new Stamp("2016-12-31T23:59:60Z", false, "leap second"),
                new Stamp("2026-03-14T09:12:48.Z", false, "decimal point without digits"),
                new Stamp("2026-03-14T09:12:48.1234567891Z", false, "ten fraction digits"),
                new Stamp("2026-03-14T09:12:48+19:00", false, "offset beyond 18 hours"),
                new Stamp("2026-03-14T09:12:48+18:01", false, "offset beyond 18 hours"),
                new Stamp("2026-03-14T09:12:48-00:00", false, "RFC 3339 'unknown offset'"),
                new Stamp("2026-03-14T09:12:48+0100", false, "offset without colon"),
                new Stamp("2026-03-14T09:12:48+01", false, "offset without minutes"),
                new Stamp("2026-03-14T09:12:48+01:00:30", false, "offset with seconds"),
                new Stamp("+12026-03-14T09:12:48Z", false, "five-digit year"),
                new Stamp("-0001-12-31T00:00:00Z", false, "negative year"),
                new Stamp("2026-03-14T09:12:48Z\n", false, "trailing newline"),
                new Stamp(" 2026-03-14T09:12:48Z", false, "leading space"),
                new Stamp("", false, "empty"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("timestamps")
    void timestampIsJudgedAlikeBySchemaAndSerde(Stamp stamp) {
        // Given
        ObjectNode event = (ObjectNode) tree(sample(PublishedSchema.AUTH_EVENT, "valid/full.json"));
        event.put("timestamp", stamp.text());
        Mutation mutation = new Mutation(stamp.toString(), event.toString(), stamp.valid(), "timestamp");

        // When / Then
        assertAgreement(PublishedSchema.AUTH_EVENT, mutation);
    }

    @Test
    void everySchemaUsesTheTimestampPatternTheSerdeUses() {
        for (PublishedSchema schema : PublishedSchema.values()) {
            JsonNode defs = schema.schemaNode().get("$defs");
            assertThat(defs.at("/timestamp/pattern").asText()).as(schema.id()).isEqualTo(Rfc3339.PATTERN);
            assertThat(defs.at("/nullableTimestamp/pattern").asText()).as(schema.id()).isEqualTo(Rfc3339.PATTERN);
        }
    }

    // -------------------------------------------------------------------------------------------------- non-blank

    @Test
    void nonBlankPatternRejectsExactlyWhatStringIsBlankRejects() {
        // Given
        Set<String> patterns = new TreeSet<>();
        for (PublishedSchema schema : PublishedSchema.values()) {
            patterns.add(schema.schemaNode().at("/$defs/nonBlank/pattern").asText());
        }
        assertThat(patterns).as("one pattern in every schema").hasSize(1);
        String pattern = patterns.iterator().next();
        Pattern java = Pattern.compile(pattern);
        RegularExpression validator = PublishedSchema.REGEX.getRegularExpression(pattern);

        // When: every character on its own, with java.util.regex and as the validator reads it
        List<String> disagreements = new ArrayList<>();
        for (int c = 0; c <= 0xFFFF; c++) {
            if (Character.isSurrogate((char) c)) {
                continue;
            }
            String s = String.valueOf((char) c);
            if (java.matcher(s).find() == s.isBlank() || validator.matches(s) == s.isBlank()) {
                disagreements.add(String.format("U+%04X", c));
            }
        }

        // Then
        assertThat(disagreements).isEmpty();
        assertThat(java.matcher(EMOJI).find()).isTrue();
        assertThat(validator.matches(EMOJI)).isTrue();
    }

    // ------------------------------------------------------------------------------------- Java types and schemas

    @Test
    void schemaPropertiesAreExactlyTheRecordComponents() {
        assertSameFields(PublishedSchema.AUTH_EVENT.schemaNode(), AuthEvent.class);
        assertSameFields(PublishedSchema.API_CALL_EVENT.schemaNode(), ApiCallEvent.class);
        assertSameFields(PublishedSchema.NETWORK_EVENT.schemaNode(), NetworkEvent.class);
        assertSameFields(PublishedSchema.ALERT.schemaNode(), Alert.class);
        assertSameFields(PublishedSchema.ALERT.schemaNode().at("/properties/entity"), Entity.class);
        assertSameFields(PublishedSchema.ALERT.schemaNode().at("/properties/evidence"), Alert.Evidence.class);
        assertSameFields(PublishedSchema.INCIDENT.schemaNode(), Incident.class);
        assertSameFields(PublishedSchema.INCIDENT.schemaNode().at("/properties/entities/items"), Entity.class);
        assertSameFields(PublishedSchema.DEAD_LETTER.schemaNode(), DeadLetter.class);
    }

    @Test
    void anIncidentsEntitiesAreDescribedAsAnAlertsEntity() {
        // Given
        ObjectNode alertEntity = PublishedSchema.ALERT.schemaNode().at("/properties/entity").deepCopy();
        ObjectNode incidentEntity = PublishedSchema.INCIDENT.schemaNode().at("/properties/entities/items").deepCopy();

        // When
        alertEntity.remove("description");
        incidentEntity.remove("description");

        // Then
        assertThat(incidentEntity).isEqualTo(alertEntity);
    }

    static Stream<Object[]> javaObjects() {
        Instant t = Instant.parse("2026-03-14T09:12:48Z");
        String controls = "\u0001".repeat(DeadLetter.MAX_PAYLOAD_CHARS);
        return Stream.of(
                new Object[] {"auth event, every field", PublishedSchema.AUTH_EVENT, new AuthEvent("sshd-1", t,
                        "root", "203.0.113.7", AuthOutcome.FAILURE, "password", "bad_password", "sshd", "bastion-1")},
                new Object[] {"auth event, required fields only", PublishedSchema.AUTH_EVENT, new AuthEvent("sshd-2",
                        t, null, "203.0.113.7", AuthOutcome.SUCCESS, null, null, null, null)},
                new Object[] {"auth event at the earliest instant", PublishedSchema.AUTH_EVENT, new AuthEvent("e-min",
                        Rfc3339.MIN, null, "203.0.113.7", AuthOutcome.SUCCESS, null, null, null, null)},
                new Object[] {"auth event at the latest instant", PublishedSchema.AUTH_EVENT, new AuthEvent("e-max",
                        Rfc3339.MAX, null, "203.0.113.7", AuthOutcome.SUCCESS, null, null, null, null)},
                new Object[] {"api call, every field", PublishedSchema.API_CALL_EVENT, new ApiCallEvent("api-1",
                        t.plusNanos(250_000_000), "vendor-acme", "third_party", "198.51.100.23", "GET",
                        "GET /orders/{id}", 200, 5120L, 1L, "cust-1042")},
                new Object[] {"api call, required fields only", PublishedSchema.API_CALL_EVENT, new ApiCallEvent(
                        "api-2", t, "vendor-acme", null, "198.51.100.23", "POST", "POST /payments", 503, null,
                        null, null)},
                new Object[] {"network event, every field", PublishedSchema.NETWORK_EVENT, new NetworkEvent("C1", t,
                        "10.0.4.17", 51544, "198.51.100.80", 443, "tcp", Long.MAX_VALUE, 0L, "SF")},
                new Object[] {"network event, required fields only", PublishedSchema.NETWORK_EVENT, new NetworkEvent(
                        "C2", t, "10.0.4.17", null, "198.51.100.80", null, "icmp", null, null, null)},
                new Object[] {"alert with evidence", PublishedSchema.ALERT, new Alert("a-1", "auth.brute_force.source",
                        "Brute force from one source", Severity.HIGH, List.of("T1110.001"),
                        Entity.sourceIp("203.0.113.7"), t, t.plusSeconds(98), 8, 8, t, t.plusSeconds(98),
                        t.plusSeconds(98), "8 failed logins from 203.0.113.7 in 98 s",
                        new Alert.Evidence(List.of("sshd-1", "sshd-8"), new LinkedHashMap<>(Map.of("user:root", 8L))))},
                new Object[] {"alert without evidence", PublishedSchema.ALERT, new Alert("a-2", "auth.failure_surge",
                        "Failure surge", Severity.CRITICAL, List.of(), new Entity("platform", "all"), t, t, 412.5,
                        97.25, t, t, t, "failures at 4.2x baseline", null)},
                new Object[] {"incident of three families", PublishedSchema.INCIDENT, new Incident(
                        "incident.breach_in_progress|alert=a-1|2026-03-14T09:00:00Z",
                        "Breach in progress: correlated 3 signal families", Severity.CRITICAL,
                        List.of(EventType.API, EventType.AUTH, EventType.NET), List.of("a-1", "a-2", "a-3", "a-4"),
                        List.of("api.new_endpoint", "auth.failure_surge", "net.egress_spike"),
                        List.of(new Entity("api_client", "vendor-acme"), new Entity("platform", "all"),
                                Entity.sourceIp("10.0.4.17")), t, t.plusSeconds(1200), t.plusSeconds(300),
                        "Breach in progress? api+auth+net alerts on related entities within 30 min")},
                new Object[] {"incident, two families and one of everything else, earliest and latest instants", PublishedSchema.INCIDENT,
                        new Incident("i", "t", Severity.LOW, List.of(EventType.NET, EventType.AUTH), List.of("a"), List.of("r"),
                                List.of(Entity.user("u")), Rfc3339.MIN, Rfc3339.MAX, Rfc3339.MIN, "s")},
                new Object[] {"incident at every limit, of characters JSON escapes to six bytes",
                        PublishedSchema.INCIDENT, largestIncident()},
                new Object[] {"dead letter of a tombstone", PublishedSchema.DEAD_LETTER, new DeadLetter(
                        DeadLetterReason.MALFORMED_JSON, "value is null (tombstone)", null, "breachwatch.events.auth",
                        0, 7, null, t, 0, null, false)},
                new Object[] {"dead letter at every limit, payload of control characters",
                        PublishedSchema.DEAD_LETTER, new DeadLetter(DeadLetterReason.TOO_LARGE,
                        "\u0002".repeat(1024), "\u0003".repeat(256), "\u0004".repeat(1024), Integer.MAX_VALUE,
                        Long.MAX_VALUE, Rfc3339.MIN, Rfc3339.MAX, Integer.MAX_VALUE, controls, true)});
    }

    /**
     * An incident with every list at {@link Incident#MAX_ALERTS} and every string at its limit, made of control
     * characters, which JSON escapes to six bytes each (emoji take four): the largest an incident can be written.
     */
    static Incident largestIncident() {
        Instant t = Instant.parse("2026-03-14T09:12:48Z");
        List<String> ids = new ArrayList<>();
        List<Entity> entities = new ArrayList<>();
        for (int i = 0; i < Incident.MAX_ALERTS; i++) {
            ids.add(escaped(128, i));
            entities.add(new Entity(escaped(32, i), escaped(256, i)));
        }
        return new Incident(escaped(128, 0), escaped(256, 0), Severity.CRITICAL, List.of(EventType.values()), ids,
                ids, entities, t, t, t, escaped(1024, 0));
    }

    /** {@code length} control characters (none of them white space), distinct for each {@code i} below 484. */
    private static String escaped(int length, int i) {
        String digits = "\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000e\u000f\u0010\u0011\u0012\u0013"
                + "\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b";
        return "\u0001".repeat(length - 2) + digits.charAt(i / digits.length()) + digits.charAt(i % digits.length());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("javaObjects")
    void javaObjectSerialisesToADocumentTheSchemaAndSerdeAccept(String name, PublishedSchema schema, Object value) {
        assertRoundTrips(schema, value);
    }

    // ---------------------------------------------------------------------------------------------------- helpers

    /** Written form is schema-valid, within the read limits, and reads back to an equal value. */
    static void assertRoundTrips(PublishedSchema schema, Object value) {
        byte[] written = schema.json().write(value);
        String text = new String(written, StandardCharsets.UTF_8);
        assertThat(schema.schemaErrors(text)).as("schema errors for the written form").isEmpty();
        assertThat(written.length).as("written size").isLessThanOrEqualTo(schema.json().limits().maxDocumentBytes());
        assertThat(schema.json().read(written, schema.type())).isEqualTo(value);
    }

    private static void assertSameFields(JsonNode objectSchema, Class<?> record) {
        Set<String> components = new TreeSet<>();
        PropertyNamingStrategies.SnakeCaseStrategy snake = new PropertyNamingStrategies.SnakeCaseStrategy();
        Arrays.stream(record.getRecordComponents()).forEach(c -> components.add(snake.translate(c.getName())));
        Set<String> properties = new TreeSet<>();
        objectSchema.get("properties").fieldNames().forEachRemaining(properties::add);
        assertThat(properties).as(record.getSimpleName()).isEqualTo(components);
    }

    private static Set<String> types(JsonNode root, JsonNode rule) {
        JsonNode type = rule.has("type") ? rule.get("type")
                : rule.has("$ref") ? root.at(rule.get("$ref").asText().substring(1)).path("type")
                : rule.has("enum") ? text("string")
                : JsonNodeFactory.instance.missingNode();
        Set<String> types = new TreeSet<>();
        if (type.isArray()) {
            type.forEach(t -> types.add(t.asText()));
        } else if (!type.isMissingNode()) {
            types.add(type.asText());
        }
        return types;
    }

    private static Stream<Sample> samples(boolean valid) {
        return Arrays.stream(PublishedSchema.values()).flatMap(schema -> {
            Path dir = samplesRoot().resolve(schema.id()).resolve(valid ? "valid" : "invalid");
            try (Stream<Path> files = Files.list(dir)) {
                return files.sorted().map(f -> new Sample(schema, f.getFileName().toString(), valid, read(f)))
                        .toList().stream();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    static String sample(PublishedSchema schema, String relative) {
        return read(samplesRoot().resolve(schema.id()).resolve(relative));
    }

    private static Path samplesRoot() {
        try {
            return Path.of(SchemaAgreementTest.class.getClassLoader().getResource("samples").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode tree(String json) {
        try {
            return PLAIN.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode decimal(BigDecimal value) {
        return JsonNodeFactory.instance.numberNode(value);
    }

    private static JsonNode text(String value) {
        return JsonNodeFactory.instance.textNode(value);
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code entities[0].type} for the steps {@code entities, [0], type}. */
    private static String field(List<String> path) {
        StringBuilder field = new StringBuilder();
        for (String step : path) {
            field.append(step.startsWith("[") || field.length() == 0 ? "" : ".").append(step);
        }
        return field.toString();
    }

    private static JsonNode array(JsonNode... items) {
        return PLAIN.createArrayNode().addAll(Arrays.asList(items));
    }

    private static JsonNode copyOf(JsonNode array) {
        return array.deepCopy();
    }

    private static List<String> append(List<String> path, String name) {
        List<String> longer = new ArrayList<>(path);
        longer.add(name);
        return longer;
    }

    private static com.fasterxml.jackson.core.JsonPointer pointer(List<String> path) {
        com.fasterxml.jackson.core.JsonPointer pointer = com.fasterxml.jackson.core.JsonPointer.empty();
        for (String step : path) {
            pointer = step.startsWith("[") ? pointer.appendIndex(Integer.parseInt(step.substring(1, step.length() - 1)))
                    : pointer.appendProperty(step);
        }
        return pointer;
    }
}
