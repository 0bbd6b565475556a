package io.breachwatch.schema.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.schema.ApiCallEvent;
import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.AuthOutcome;
import io.breachwatch.schema.EventType;
import io.breachwatch.schema.NetworkEvent;
import io.breachwatch.schema.json.EventJson;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Canonical JSON lines: one type per file, or a mixed file whose lines tell their type by their fields. */
class CanonicalJsonlParserTest {
    private static final Instant T = Instant.parse("2026-03-14T09:12:48Z");
    private static final AuthEvent LOGIN = new AuthEvent("a1", T, "root", "203.0.113.7", AuthOutcome.FAILURE,
            "password", null, "sshd", null);
    private static final ApiCallEvent CALL = new ApiCallEvent("p1", T, "vendor-acme", "third_party",
            "198.51.100.23", "GET", "GET /orders/{id}", 200, 512L, 1L, "c-1");
    private static final NetworkEvent FLOW = new NetworkEvent("n1", T, "10.0.4.17", 50000, "198.51.100.80", 443,
            "tcp", 1200L, 800L, "SF");

    private static String json(Object event) {
        return EventJson.strict().writeString(event);
    }

    @Test
    void aMixedFileReadsEachLineAsTheTypeItsFieldsTell() {
        CanonicalJsonlParser parser = CanonicalJsonlParser.mixed();

        assertThat(List.of(parser.parse(json(LOGIN), 1), parser.parse(json(CALL) + "\r", 2),
                parser.parse(json(FLOW), 3))).flatExtracting(ParseResult::events).containsExactly(LOGIN, CALL, FLOW);
    }

    @Test
    void aMixedLineThatTellsNoTypeOrSeveralIsUnparseableAndSaysWhy() {
        CanonicalJsonlParser parser = CanonicalJsonlParser.mixed();

        ParseResult none = parser.parse("{\"event_id\":\"x\",\"timestamp\":\"2026-03-14T09:12:48Z\","
                + "\"source_ip\":\"198.51.100.23\"}", 1);
        ParseResult both = parser.parse("{\"event_id\":\"x\",\"timestamp\":\"2026-03-14T09:12:48Z\","
                + "\"outcome\":\"failure\",\"src_ip\":\"10.0.0.1\",\"source_ip\":\"10.0.0.1\"}", 2);

        for (ParseResult result : List.of(none, both)) {
            assertThat(result.status()).isEqualTo(ParseResult.Status.UNPARSEABLE);
            assertThat(result.reason()).isEqualTo("invalid_field");
            assertThat(result.message()).isEqualTo("invalid_field: the event type is told by exactly one of the "
                    + "fields outcome (auth), client_id (api) or src_ip (net)");
        }
    }

    @Test
    void aMixedLineIsRejectedForTheSameReasonAsOnItsTopic() {
        CanonicalJsonlParser mixed = CanonicalJsonlParser.mixed();
        CanonicalJsonlParser auth = new CanonicalJsonlParser(EventType.AUTH);
        List<String> bad = List.of("{\"event_id\": ", "[1,2]", "{\"a\":1,\"a\":2}",
                json(LOGIN).replace("\"failure\"", "\"maybe\""),
                json(LOGIN).replace("\"root\"", "\"\""),
                json(LOGIN).replace("}", ",\"surprise\":1}"));

        for (String line : bad) {
            ParseResult result = mixed.parse(line, 7);
            assertThat(result.status()).as(line).isEqualTo(ParseResult.Status.UNPARSEABLE);
            if (line.contains("outcome")) {
                assertThat(result).as(line).isEqualTo(auth.parse(line, 7));
            }
        }
        assertThat(mixed.parse("{\"event_id\": ", 1).reason()).isEqualTo("malformed_json");
        assertThat(mixed.parse("{\"a\":1,\"a\":2}", 1).reason()).isEqualTo("malformed_json");
    }

    @Test
    void aLineThatTellsNoTypeIsRejectedAsTheDetectedTypeWithItsPreciseReason() {
        String noOutcome = json(LOGIN).replace(",\"outcome\":\"failure\"", "");

        ParseResult result = CanonicalJsonlParser.mixed(EventType.AUTH).parse(noOutcome, 3);

        assertThat(noOutcome).doesNotContain("outcome");
        assertThat(result).isEqualTo(new CanonicalJsonlParser(EventType.AUTH).parse(noOutcome, 3));
        assertThat(result.message()).isEqualTo("invalid_field in field outcome");
        assertThat(CanonicalJsonlParser.mixed(EventType.AUTH).parse(json(FLOW), 4).events()).containsExactly(FLOW);
    }

    @Test
    void blankLinesAreIgnored() {
        assertThat(CanonicalJsonlParser.mixed().parse("  \r", 4).reason()).isEqualTo(ParseReason.BLANK_LINE);
    }
}
