package io.breachwatch.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.breachwatch.schema.json.EventJson;
import io.breachwatch.schema.json.JsonLimits;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/**
 * What the strict mapping rejects, with which reason code, blaming which field, saying what. The reason is a metric
 * label and the field and message go to the producer in the dead letter, so all three are specified here.
 */
class EventJsonTest {
    private static final String AUTH = "{\"event_id\":\"sshd-4f2a9c\",\"timestamp\":\"2026-03-14T09:12:48Z\","
            + "\"user\":\"root\",\"source_ip\":\"203.0.113.7\",\"outcome\":\"failure\"}";
    private static final String API = "{\"event_id\":\"api-77d1\",\"timestamp\":\"2026-03-14T09:12:48Z\","
            + "\"client_id\":\"vendor-acme\",\"source_ip\":\"198.51.100.23\",\"method\":\"GET\","
            + "\"operation\":\"GET /orders/{id}\",\"status\":200}";

    // ------------------------------------------------------------------ document limits: too_large

    @Test
    void oneMegabyteDocumentIsTooLarge() {
        // Given a valid event padded to 1 MB
        String padded = AUTH.substring(0, AUTH.length() - 1) + ",\"pad\":\"" + "x".repeat(1024 * 1024) + "\"}";

        // When
        InvalidEventException e = rejected(padded, AuthEvent.class);

        // Then
        assertThat(e.reason()).isEqualTo(DeadLetterReason.TOO_LARGE);
        assertThat(e.field()).isNull();
        assertThat(e.getMessage()).startsWith("document is 1048").endsWith("bytes, the limit is 65536");
    }

    @Test
    void documentOfExactlyTheLimitIsRead() {
        // Given a valid event padded with white space to exactly 64 KiB, and one byte more
        String atLimit = AUTH + " ".repeat(65536 - AUTH.length());
        String overLimit = atLimit + " ";

        // When / Then
        assertThat(EventJson.strict().read(bytes(atLimit), AuthEvent.class).user()).isEqualTo("root");
        assertThat(rejected(overLimit, AuthEvent.class).reason()).isEqualTo(DeadLetterReason.TOO_LARGE);
    }

    @Test
    void nestingDeeperThanTheLimitIsTooLargeWhereverItIs() {
        // Given depth 9 (the limit is 8): in a known field, in an unknown field, and as the whole document
        String deep = "[".repeat(8) + "\"x\"" + "]".repeat(8);
        String inKnownField = "{\"user\":" + deep + "}";
        String inUnknownField = AUTH.substring(0, AUTH.length() - 1) + ",\"extra\":" + deep + "}";
        String wholeDocument = "[" + deep + "]";

        // When / Then
        for (String json : new String[] {inKnownField, inUnknownField, wholeDocument}) {
            InvalidEventException e = rejected(json, AuthEvent.class);
            assertThat(e.reason()).as(json).isEqualTo(DeadLetterReason.TOO_LARGE);
            assertThat(e.getMessage()).contains("nesting depth");
        }
    }

    @Test
    void nestingAtTheLimitIsReadAndJudgedOnItsFields() {
        // Given depth 8: within the limit, but an array is no user name
        String json = "{\"user\":" + "[".repeat(7) + "\"x\"" + "]".repeat(7) + "}";

        // When
        InvalidEventException e = rejected(json, AuthEvent.class);

        // Then
        assertThat(e.reason()).isEqualTo(DeadLetterReason.INVALID_FIELD);
        assertThat(e.field()).isEqualTo("user");
    }

    @Test
    void twentyThousandCharacterStringIsTooLargeEvenInAKnownField() {
        // Given
        String json = "{\"event_id\":\"e1\",\"user\":\"" + "u".repeat(20_000) + "\"}";

        // When
        InvalidEventException e = rejected(json, AuthEvent.class);

        // Then
        assertThat(e.reason()).isEqualTo(DeadLetterReason.TOO_LARGE);
        assertThat(e.field()).isNull();
        // Jackson counts the length it had read when it stopped, which depends on the buffers earlier reads left
        // for reuse in this thread: only the limit is stable.
        assertThat(e.getMessage()).containsPattern("String value length \\(\\d+\\) exceeds the maximum allowed \\(16384");
    }

    @Test
    void longNumberIsTooLarge() {
        // Given a 40-digit status (numbers are limited to 32 characters)
        String json = API.replace("\"status\":200", "\"status\":" + "9".repeat(40));

        // When / Then
        assertThat(rejected(json, ApiCallEvent.class).reason()).isEqualTo(DeadLetterReason.TOO_LARGE);
    }

    // --------------------------------------------------------- malformed documents: malformed_json

    @Test
    void truncatedDocumentIsMalformedEvenInsideAString() {
        for (String json : new String[] {AUTH.substring(0, 40), AUTH.substring(0, AUTH.length() - 1), "{"}) {
            InvalidEventException e = rejected(json, AuthEvent.class);
            assertThat(e.reason()).as(json).isEqualTo(DeadLetterReason.MALFORMED_JSON);
            assertThat(e.field()).as(json).isNull();
        }
    }

    @Test
    void invalidUtf8IsMalformed() {
        // Given "root" with its second byte replaced by 0xFF, which never occurs in UTF-8
        byte[] json = bytes(AUTH);
        int at = AUTH.indexOf("root") + 1;
        json[at] = (byte) 0xFF;

        // When
        InvalidEventException e = catchThrowableOfType(InvalidEventException.class,
                () -> EventJson.strict().read(json, AuthEvent.class));

        // Then
        assertThat(e.reason()).isEqualTo(DeadLetterReason.MALFORMED_JSON);
        assertThat(e.field()).isNull();
        assertThat(e.getMessage()).isEqualTo("invalid UTF-8 at byte " + at
                + " (truncated, overlong or surrogate sequences are not UTF-8)");
    }

    @Test
    void overlongAndSurrogateSequencesAreMalformedNotDecoded() {
        // Given "r/oot" with its '/' as the overlong C0 AF and as E0 80 AF, and "r?oot" with a CESU-8 surrogate:
        // Jackson alone decodes all three, so a filter on the bytes and the detector would disagree
        for (int[] sequence : new int[][] {{0xC0, 0xAF}, {0xE0, 0x80, 0xAF}, {0xED, 0xA0, 0x80}}) {
            String marked = AUTH.replace("root", "r" + "#".repeat(sequence.length) + "oot");
            byte[] json = bytes(marked);
            int at = marked.indexOf('#');
            for (int i = 0; i < sequence.length; i++) {
                json[at + i] = (byte) sequence[i];
            }

            // When
            InvalidEventException e = catchThrowableOfType(InvalidEventException.class,
                    () -> EventJson.strict().read(json, AuthEvent.class));

            // Then
            assertThat(e.reason()).isEqualTo(DeadLetterReason.MALFORMED_JSON);
            assertThat(e.getMessage()).startsWith("invalid UTF-8 at byte " + at);
        }
    }

    @Test
    void duplicateKeyIsMalformed() {
        // Given two user names: which one a reader keeps differs between parsers, an evasion waiting to happen
        String json = AUTH.replace("\"user\":\"root\"", "\"user\":\"root\",\"user\":\"alice\"");

        // When
        InvalidEventException e = rejected(json, AuthEvent.class);

        // Then
        assertThat(e.reason()).isEqualTo(DeadLetterReason.MALFORMED_JSON);
        assertThat(e.getMessage()).contains("Duplicate field 'user'");
    }

    @Test
    void trailingContentIsMalformed() {
        for (String json : new String[] {AUTH + " x", AUTH + AUTH, AUTH + " {}", AUTH + ",", AUTH + " null"}) {
            InvalidEventException e = rejected(json, AuthEvent.class);
            assertThat(e.reason()).as(json).isEqualTo(DeadLetterReason.MALFORMED_JSON);
        }
    }

    @Test
    void emptyDocumentIsMalformed() {
        for (String json : new String[] {"", "   \n\t"}) {
            InvalidEventException e = rejected(json, AuthEvent.class);
            assertThat(e.reason()).isEqualTo(DeadLetterReason.MALFORMED_JSON);
            assertThat(e.getMessage()).isEqualTo("document is empty");
        }
    }

    @Test
    void nonStandardJsonIsMalformed() {
        for (String json : new String[] {
                "{'event_id':'e1'}", "{\"event_id\":\"e1\",}", "{\"status\":NaN}", "{\"status\":0200}",
                "{\"status\":+1}", "{/* comment */}", "{event_id:\"e1\"}"}) {
            assertThat(rejected(json, ApiCallEvent.class).reason()).as(json)
                    .isEqualTo(DeadLetterReason.MALFORMED_JSON);
        }
    }

    // --------------------------------------------- invalid fields: invalid_field, naming the field

    @Test
    void wrongTypeForStatusNamesTheField() {
        for (String status : new String[] {"\"200\"", "true", "[200]", "{}", "200.5"}) {
            // When
            InvalidEventException e = rejected(API.replace("\"status\":200", "\"status\":" + status),
                    ApiCallEvent.class);

            // Then
            assertThat(e.reason()).as(status).isEqualTo(DeadLetterReason.INVALID_FIELD);
            assertThat(e.field()).as(status).isEqualTo("status");
            assertThat(e.getMessage()).as(status).startsWith("status: ")
                    .doesNotContain("java.lang", "io.breachwatch", "CoercionConfig", "DeserializationFeature");
        }
    }

    @Test
    void fractionalNumberForAnIntegerIsNeverTruncated() {
        InvalidEventException e = rejected(API.replace("\"status\":200", "\"status\":200.5"), ApiCallEvent.class);

        assertThat(e.getMessage()).contains("not a whole number");
    }

    @Test
    void wholeNumberWrittenAsFloatIsReadAsJsonSchemaReadsIt() {
        // Given 200.0 and 2e2: both are the integer 200 in JSON's data model
        for (String status : new String[] {"200.0", "2e2", "2.00E+2"}) {
            ApiCallEvent event = EventJson.strict().read(
                    bytes(API.replace("\"status\":200", "\"status\":" + status)), ApiCallEvent.class);

            assertThat(event.status()).as(status).isEqualTo(200);
        }
    }

    @Test
    void missingSourceIpIsRequired() {
        // Given
        String json = AUTH.replace(",\"source_ip\":\"203.0.113.7\"", "");

        // When
        InvalidEventException e = rejected(json, AuthEvent.class);

        // Then
        assertThat(e.reason()).isEqualTo(DeadLetterReason.INVALID_FIELD);
        assertThat(e.field()).isEqualTo("source_ip");
        assertThat(e.getMessage()).isEqualTo("source_ip: is required");
    }

    @Test
    void threeHundredCharacterUserNamesTheLimit() {
        // When
        InvalidEventException e = rejected(AUTH.replace("\"root\"", "\"" + "u".repeat(300) + "\""),
                AuthEvent.class);

        // Then
        assertThat(e.reason()).isEqualTo(DeadLetterReason.INVALID_FIELD);
        assertThat(e.field()).isEqualTo("user");
        assertThat(e.getMessage()).isEqualTo("user: is 300 characters long, the limit is 256");
    }

    @Test
    void lengthIsCountedInCharactersNotUtf16Units() {
        // Given 256 emoji: 512 UTF-16 units, 1024 bytes, but 256 characters as JSON Schema counts them
        String emoji = "\uD83D\uDE00".repeat(256);

        // When
        AuthEvent event = EventJson.strict().read(bytes(AUTH.replace("root", emoji)), AuthEvent.class);

        // Then
        assertThat(event.user()).isEqualTo(emoji);
    }

    @Test
    void blankUserIsRejectedAndNullUserIsAbsent() {
        assertThat(rejected(AUTH.replace("\"root\"", "\" \""), AuthEvent.class).getMessage())
                .isEqualTo("user: must not be blank (omit it, or send null, when unknown)");
        assertThat(EventJson.strict().read(bytes(AUTH.replace("\"root\"", "null")), AuthEvent.class).user())
                .isNull();
    }

    @Test
    void unknownFieldIsNamedAndTheKnownOnesListed() {
        // When
        InvalidEventException e = rejected(AUTH.replace("{", "{\"geo\":\"NL\","), AuthEvent.class);

        // Then
        assertThat(e.field()).isEqualTo("geo");
        assertThat(e.getMessage()).isEqualTo("geo: is not a known field; the fields are event_id, host, method,"
                + " outcome, reason, service, source_ip, timestamp, user");
    }

    @Test
    void attackerChosenFieldNameIsShortenedInTheReport() {
        // Given an unknown field whose name is 5000 characters long
        String json = AUTH.replace("{", "{\"" + "k".repeat(5000) + "\":1,");

        // When
        InvalidEventException e = rejected(json, AuthEvent.class);

        // Then
        assertThat(e.field()).hasSize(InvalidEventException.FIELD_MAX).endsWith("k…");
        assertThat(e.getMessage()).hasSizeLessThan(1024);
    }

    @Test
    void numberOrBooleanIsNotAString() {
        for (String user : new String[] {"1001", "true", "1.5"}) {
            InvalidEventException e = rejected(AUTH.replace("\"root\"", user), AuthEvent.class);

            assertThat(e.field()).as(user).isEqualTo("user");
        }
    }

    @Test
    void nestedFieldsAreNamedWithTheirPath() {
        // Given an alert whose second ATT&CK id is blank
        String alert = SchemaAgreementTest.sample(PublishedSchema.ALERT, "valid/full.json")
                .replace("\"T1110.001\"", "\"T1110.001\", \" \"");

        // When
        InvalidEventException e = rejected(alert, Alert.class);

        // Then
        assertThat(e.field()).isEqualTo("attack[1]");
    }

    @Test
    void aNestedRecordInAListIsNamedWithItsIndex() {
        // Given an incident whose second entity has a blank value: Entity itself calls it entity.value
        String incident = SchemaAgreementTest.sample(PublishedSchema.INCIDENT, "valid/full.json")
                .replace("\"value\": \"all\"", "\"value\": \" \"");

        // When
        InvalidEventException e = catchThrowableOfType(InvalidEventException.class,
                () -> PublishedSchema.INCIDENT.json().read(bytes(incident), Incident.class));

        // Then
        assertThat(e.field()).isEqualTo("entities[1].value");
        assertThat(e.getMessage()).isEqualTo("entities[1].value: must not be blank");
    }

    @Test
    void jsonNullDocumentIsNotAnEvent() {
        InvalidEventException e = rejected("null", AuthEvent.class);

        assertThat(e.reason()).isEqualTo(DeadLetterReason.INVALID_FIELD);
        assertThat(e.field()).isNull();
        assertThat(e.getMessage()).isEqualTo("document is JSON null, expected an object");
    }

    @Test
    void epochNumberIsNotATimestamp() {
        InvalidEventException e = rejected(AUTH.replace("\"2026-03-14T09:12:48Z\"", "1773479568"),
                AuthEvent.class);

        assertThat(e.field()).isEqualTo("timestamp");
    }

    // ------------------------------------------------------------------------------------- writing

    @Test
    void timestampsAreWrittenInUtcAndNullsOmitted() {
        // Given
        AuthEvent event = new AuthEvent("e1", Instant.parse("2026-03-14T10:12:48.250+01:00"), null,
                "203.0.113.7", AuthOutcome.SUCCESS, null, null, null, null);

        // When
        String json = EventJson.strict().writeString(event);

        // Then
        assertThat(json).isEqualTo("{\"event_id\":\"e1\",\"timestamp\":\"2026-03-14T09:12:48.250Z\","
                + "\"source_ip\":\"203.0.113.7\",\"outcome\":\"success\"}");
    }

    @Test
    void nonFiniteNumbersCannotBeWrittenBecauseTheyCannotBeBuilt() {
        Instant t = Instant.parse("2026-03-14T09:12:48Z");
        InvalidEventException e = catchThrowableOfType(InvalidEventException.class, () -> new Alert("a", "r",
                "t", Severity.LOW, java.util.List.of(), Entity.user("u"), t, t, Double.NaN, 1, t, t, t, "s",
                null));

        assertThat(e.field()).isEqualTo("observed");
    }

    @Test
    void largestDeadLetterIsReadBackByTheTopicRegistrysSerde() {
        // Given dead letters at every limit, one with characters JSON escapes to six bytes, one with emoji
        Instant t = Instant.parse("2026-03-14T09:12:48Z");
        String escaped = "\u0001".repeat(DeadLetter.MAX_PAYLOAD_CHARS);
        String emoji = "\uD83D\uDE00".repeat(DeadLetter.MAX_PAYLOAD_CHARS);
        Serde<DeadLetter> serde = Topics.DEFAULT.deadLetterTopic().valueSerde();

        for (String payload : new String[] {escaped, emoji}) {
            DeadLetter largest = new DeadLetter(DeadLetterReason.TOO_LARGE, "\u0002".repeat(1024),
                    "\u0003".repeat(256), "\u0004".repeat(1024), Integer.MAX_VALUE, Long.MAX_VALUE, t, t,
                    Integer.MAX_VALUE, payload, true);

            // When
            byte[] bytes = serde.serializer().serialize("breachwatch.dead-letters", largest);

            // Then: larger than an input event may be, and still readable
            assertThat(bytes.length).isGreaterThan(EventJson.strict().limits().maxDocumentBytes());
            assertThat(serde.deserializer().deserialize("breachwatch.dead-letters", bytes)).isEqualTo(largest);
        }
    }

    @Test
    void largestIncidentIsReadBackByTheTopicRegistrysSerde() {
        // Given an incident with every list and string at its limit, of characters JSON escapes to six bytes
        Incident largest = SchemaAgreementTest.largestIncident();
        Serde<Incident> serde = Topics.DEFAULT.incidentTopic().valueSerde();

        // When
        byte[] bytes = serde.serializer().serialize("breachwatch.incidents", largest);

        // Then: larger than an input event may be, and still readable
        assertThat(bytes.length).isGreaterThan(EventJson.strict().limits().maxDocumentBytes());
        assertThat(bytes.length).isLessThanOrEqualTo(JsonLimits.INCIDENTS.maxDocumentBytes());
        assertThat(serde.deserializer().deserialize("breachwatch.incidents", bytes)).isEqualTo(largest);
    }

    private static InvalidEventException rejected(String json, Class<?> type) {
        InvalidEventException e = catchThrowableOfType(InvalidEventException.class,
                () -> EventJson.strict().read(bytes(json), type));
        assertThat(e).as("rejected: %s", json.length() > 200 ? json.substring(0, 200) + "…" : json).isNotNull();
        return e;
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
