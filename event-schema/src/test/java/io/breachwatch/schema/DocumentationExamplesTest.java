package io.breachwatch.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docs/event-schema.md tells producers what to send; its examples must be documents breachwatch accepts, and it must
 * mention every field, topic and reason code. Each ```json block is labelled by a preceding
 * {@code <!-- example: TYPE -->} line, TYPE being a schema id such as {@code auth-event}.
 */
class DocumentationExamplesTest {
    // Surefire runs in the module directory.
    private static final Path DOC = Path.of("..", "docs", "event-schema.md");
    private static final Pattern LABELLED_BLOCK = Pattern.compile(
            "<!-- example: ([a-z-]+) -->\\s*\\n```json\\n(.*?)\\n```", Pattern.DOTALL);

    record Example(PublishedSchema schema, String json) {
        @Override
        public String toString() {
            return schema.id();
        }
    }

    static Stream<Example> examples() throws IOException {
        List<Example> examples = new ArrayList<>();
        Matcher m = LABELLED_BLOCK.matcher(doc());
        while (m.find()) {
            examples.add(new Example(PublishedSchema.byId(m.group(1)), m.group(2)));
        }
        return examples.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void exampleIsValidForTheSchemaAndTheSerde(Example example) {
        // When
        List<String> schemaErrors = example.schema().schemaErrors(example.json());
        Object read = example.schema().json().read(example.json().getBytes(StandardCharsets.UTF_8),
                example.schema().type());

        // Then
        assertThat(schemaErrors).isEmpty();
        SchemaAgreementTest.assertRoundTrips(example.schema(), read);
    }

    @Test
    void everyTypeHasAnExampleAndEveryJsonBlockIsLabelled() throws IOException {
        // Given
        long jsonBlocks = doc().lines().filter(line -> line.equals("```json")).count();

        // Then
        assertThat(examples().map(Example::schema)).containsExactlyInAnyOrder(PublishedSchema.values());
        assertThat(examples()).hasSize((int) jsonBlocks);
    }

    @Test
    void everyFieldTopicAndReasonCodeIsDocumented() throws IOException {
        // Given
        String doc = doc();
        List<String> missing = new ArrayList<>();

        // When
        for (PublishedSchema schema : PublishedSchema.values()) {
            collectFields(schema.schemaNode(), "", schema.id(), doc, missing);
        }
        for (String topic : Topics.DEFAULT.all()) {
            if (!doc.contains("`" + topic + "`")) {
                missing.add("topic " + topic);
            }
        }
        for (String reason : DeadLetterReason.ALL) {
            if (!doc.contains("| `" + reason + "` |")) {
                missing.add("reason code " + reason);
            }
        }

        // Then
        assertThat(missing).isEmpty();
    }

    /**
     * Each property must have a table row: "| `name` |", nested ones as "| `parent.name` |", those of an array's
     * object items as "| `parent[].name` |".
     */
    private static void collectFields(JsonNode objectSchema, String prefix, String type, String doc,
                                      List<String> missing) {
        for (Map.Entry<String, JsonNode> property : objectSchema.path("properties").properties()) {
            String name = prefix + property.getKey();
            if (!doc.contains("| `" + name + "` |")) {
                missing.add(type + " field " + name);
            }
            collectFields(property.getValue(), name + ".", type, doc, missing);
            collectFields(property.getValue().path("items"), name + "[].", type, doc, missing);
        }
    }

    private static String doc() throws IOException {
        return Files.readString(DOC);
    }
}
