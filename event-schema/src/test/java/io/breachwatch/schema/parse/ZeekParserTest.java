package io.breachwatch.schema.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.breachwatch.schema.ApiCallEvent;
import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.AuthOutcome;
import io.breachwatch.schema.CanonicalEvent;
import io.breachwatch.schema.NetworkEvent;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Zeek's conn, ssh and http logs in both output forms. The fixtures under {@code logs/zeek/} are hand-made in the
 * real formats: the TSV ones with Zeek's full meta header, unset {@code -} and {@code (empty)} fields and
 * {@code \xHH} escapes; the JSON ones with unset fields absent.
 */
class ZeekParserTest {

    static Instant at(String text) {
        return Instant.parse(text);
    }

    @Nested
    class ConnLog {

        @Test
        void tabSeparatedConnLogBecomesOneNetworkEventPerRecord() throws IOException {
            // Given conn.log with its meta header: SF, S0 (bytes unset), REJ, ICMP, DNS, IPv6, a tunnelled flow
            ParseRun run = ParseRun.file(new ZeekParser("conn.log"), Fixtures.log("zeek/conn.log"));

            // Then every record is an event, every meta line is a header line, nothing else
            assertThat(run.stats.unparseable()).as(run.stats.toString()).isZero();
            assertThat(run.stats.lines(ParseResult.Status.IGNORED, ParseReason.HEADER_LINE)).isEqualTo(9);
            assertThat(run.events).containsExactly(
                    new NetworkEvent("CHhAvVGS1DHFjwGM9", at("2024-05-01T10:00:00.123456Z"), "10.0.4.17", 51544,
                            "198.51.100.80", 443, "tcp", 1_843_200L, 5_230L, "SF"),
                    new NetworkEvent("C4J4Th3PJpwUYZZ6gc", at("2024-05-01T10:00:01.000100Z"), "203.0.113.7", 40213,
                            "10.0.4.17", 22, "tcp", null, null, "S0"),
                    new NetworkEvent("CmES5u32sYpV7JYN", at("2024-05-01T10:00:01.250Z"), "203.0.113.7", 40213,
                            "10.0.4.17", 23, "tcp", 0L, 0L, "REJ"),
                    // ICMP: Zeek's "ports" 8 and 0 are echo request type and code, not ports
                    new NetworkEvent("CUM0KZ3MLUfNB0cl11", at("2024-05-01T10:00:02.5Z"), "10.0.4.17", null,
                            "10.0.4.1", null, "icmp", 56L, 56L, "OTH"),
                    new NetworkEvent("CP5H7x1BcPOE1h8B0b", at("2024-05-01T10:00:03.004211Z"), "10.0.4.17", 43772,
                            "10.0.4.2", 53, "udp", 38L, 54L, "SF"),
                    new NetworkEvent("Cx7FxL3nE9wYb0KHk3", at("2024-05-01T10:00:04.777777Z"), "2001:db8::17", 50112,
                            "2001:db8:0:1::80", 80, "tcp", 410L, 12_045L, "SF"),
                    new NetworkEvent("CdKgbh2uU5ZRwBBg6b", at("2024-05-01T10:00:05.1Z"), "10.0.4.17", 60001,
                            "198.51.100.99", 4789, "udp", 100L, null, "S0"));
        }

        @Test
        void jsonConnRecordWithUnsetFieldsAbsent() {
            ParseRun run = ParseRun.lines(new ZeekParser("conn.log"),
                    "{\"ts\":1664462456.755299,\"uid\":\"C5xhsO3uGtOfyrBlHh\",\"id.orig_h\":\"172.16.1.11\","
                            + "\"id.orig_p\":40042,\"id.resp_h\":\"10.0.2.7\",\"id.resp_p\":22,\"proto\":\"tcp\","
                            + "\"conn_state\":\"S0\",\"local_orig\":true,\"missed_bytes\":0,\"history\":\"S\"}");

            assertThat(run.events).containsExactly(new NetworkEvent("C5xhsO3uGtOfyrBlHh",
                    at("2022-09-29T14:40:56.755299Z"), "172.16.1.11", 40042, "10.0.2.7", 22, "tcp", null, null, "S0"));
        }

        @Test
        void timestampsKeepEveryDigitZeekWrote() {
            // 1664462456.76809 is not exactly representable as a double; the event must not be off by a nanosecond
            ParseRun run = ParseRun.lines(new ZeekParser("conn.log"),
                    "{\"ts\":1664462456.76809,\"uid\":\"C1\",\"id.orig_h\":\"10.0.0.1\",\"id.resp_h\":\"10.0.0.2\","
                            + "\"proto\":\"udp\",\"conn_state\":\"S0\"}",
                    "{\"ts\":\"2022-09-29T14:40:56.768090123Z\",\"uid\":\"C2\",\"id.orig_h\":\"10.0.0.1\","
                            + "\"id.resp_h\":\"10.0.0.2\",\"proto\":\"udp\",\"conn_state\":\"S0\"}",
                    "{\"ts\":1664462456,\"uid\":\"C3\",\"id\":{\"orig_h\":\"10.0.0.1\",\"resp_h\":\"10.0.0.2\"},"
                            + "\"proto\":\"udp\",\"conn_state\":\"S0\"}");

            assertThat(run.events).extracting(CanonicalEvent::timestamp).containsExactly(
                    at("2022-09-29T14:40:56.768090Z"), at("2022-09-29T14:40:56.768090123Z"),
                    at("2022-09-29T14:40:56Z"));
        }

        @Test
        void unknownTransportFitsTheProtocolField() {
            ParseRun run = ParseRun.lines(new ZeekParser("conn.log"),
                    "{\"ts\":1.0,\"uid\":\"C1\",\"id.orig_h\":\"10.0.0.1\",\"id.orig_p\":0,\"id.resp_h\":\"10.0.0.2\","
                            + "\"id.resp_p\":0,\"proto\":\"unknown_transport\",\"conn_state\":\"OTH\"}");

            assertThat(run.events).singleElement().extracting(e -> ((NetworkEvent) e).protocol())
                    .isEqualTo("unknown");
        }
    }

    @Nested
    class SshLog {

        @Test
        void failedConnectionsCountOneFailurePerAttemptAndSuccessesOnce() throws IOException {
            // Given ssh.log: 6 failed attempts in one connection, 1 in another, a success after 2 attempts, and a
            // scanner's connection whose outcome Zeek could not tell
            ParseRun run = ParseRun.file(new ZeekParser("ssh.log"), Fixtures.log("zeek/ssh.log"));

            assertThat(run.stats.unparseable()).as(run.stats.toString()).isZero();
            assertThat(run.stats.lines(ParseResult.Status.IGNORED, ParseReason.NO_AUTH_OUTCOME)).isEqualTo(1);
            List<AuthEvent> events = run.authEvents();
            assertThat(events).hasSize(8);
            assertThat(events.subList(0, 6)).extracting(AuthEvent::eventId).containsExactly(
                    "CmvTkb1FeN5wF5nXBa#1", "CmvTkb1FeN5wF5nXBa#2", "CmvTkb1FeN5wF5nXBa#3", "CmvTkb1FeN5wF5nXBa#4",
                    "CmvTkb1FeN5wF5nXBa#5", "CmvTkb1FeN5wF5nXBa#6");
            assertThat(events.get(0)).isEqualTo(new AuthEvent("CmvTkb1FeN5wF5nXBa#1",
                    at("2024-05-01T10:01:40.011001Z"), null, "203.0.113.7", AuthOutcome.FAILURE, null, null, "ssh",
                    "10.0.4.17"));
            assertThat(events.subList(6, 8)).containsExactly(
                    new AuthEvent("C1y0Yn2K1Y1f3t9Hkb", at("2024-05-01T10:01:50.2Z"), null, "203.0.113.7",
                            AuthOutcome.FAILURE, null, null, "ssh", "10.0.4.17"),
                    new AuthEvent("CJ2WqY4XgNpRcc0Q4e", at("2024-05-01T10:02:00Z"), null, "198.51.100.23",
                            AuthOutcome.SUCCESS, null, null, "ssh", "10.0.4.17"));
        }

        @Test
        void jsonSshLogReadsTheSameWay() throws IOException {
            ParseRun run = ParseRun.file(new ZeekParser("ssh.log"), Fixtures.log("zeek/ssh.json.log"));

            assertThat(run.stats.unparseable()).isZero();
            assertThat(run.results).extracting(ParseResult::status, ParseResult::reason).containsExactly(
                    tuple(ParseResult.Status.EVENT, null), tuple(ParseResult.Status.EVENT, null),
                    tuple(ParseResult.Status.IGNORED, ParseReason.NO_AUTH_OUTCOME));
            assertThat(run.authEvents()).extracting(AuthEvent::eventId, AuthEvent::outcome).containsExactly(
                    tuple("CmvTkb1FeN5wF5nXBa#1", AuthOutcome.FAILURE), tuple("CmvTkb1FeN5wF5nXBa#2", AuthOutcome.FAILURE),
                    tuple("CmvTkb1FeN5wF5nXBa#3", AuthOutcome.FAILURE), tuple("CJ2WqY4XgNpRcc0Q4e", AuthOutcome.SUCCESS));
        }

        @Test
        void userAddedBySiteScriptIsKept() {
            ParseRun run = ParseRun.lines(new ZeekParser("ssh.log"),
                    "{\"ts\":1.5,\"uid\":\"C1\",\"id.orig_h\":\"203.0.113.7\",\"id.resp_h\":\"10.0.4.17\","
                            + "\"auth_success\":false,\"auth_attempts\":0,\"user\":\"root\"}");

            assertThat(run.authEvents()).singleElement().extracting(AuthEvent::eventId, AuthEvent::user)
                    .containsExactly("C1", "root");
        }

        @Test
        void absurdAttemptCountIsUnparseableNotExpanded() {
            ParseResult result = new ZeekParser("ssh.log").parse("{\"ts\":1.5,\"uid\":\"C1\",\"id.orig_h\":\"203.0.113.7\","
                    + "\"id.resp_h\":\"10.0.4.17\",\"auth_success\":false,\"auth_attempts\":4000000000}", 1);

            assertThat(result.reason()).isEqualTo(ParseReason.REPEAT_COUNT_TOO_LARGE);
        }
    }

    @Nested
    class HttpLog {

        @Test
        void tabSeparatedHttpLogBecomesApiCallsWithEndpointTemplates() throws IOException {
            ParseRun run = ParseRun.file(new ZeekParser("http.log"), Fixtures.log("zeek/http.log"));

            assertThat(run.stats.unparseable()).as(run.stats.toString()).isZero();
            // the request that got no response (status and body length unset)
            assertThat(run.stats.lines(ParseResult.Status.IGNORED, ParseReason.INCOMPLETE_TRANSACTION)).isEqualTo(1);
            assertThat(run.events).containsExactly(
                    new ApiCallEvent("CaUVfC3rBB0iGLsZAa#1", at("2024-05-01T10:03:20.1Z"), "vendor-acme", null,
                            "198.51.100.23", "GET", "GET /api/v1/orders/{id}", 200, 5120L, null, null),
                    new ApiCallEvent("CaUVfC3rBB0iGLsZAa#2", at("2024-05-01T10:03:20.35Z"), "vendor-acme", null,
                            "198.51.100.23", "GET", "GET /api/v1/orders/{id}", 200, 4980L, null, null),
                    new ApiCallEvent("C0kQ8I3x8Vb5Ad4b7e#1", at("2024-05-01T10:03:21Z"), "203.0.113.7", null,
                            "203.0.113.7", "POST", "POST /api/v1/customers/{id}/export", 403, 0L, null, null),
                    // a proxy-style absolute URI is reduced to its path
                    new ApiCallEvent("CfWp3y1C2aM2fJ1k2b#1", at("2024-05-01T10:03:23Z"), "203.0.113.8", null,
                            "203.0.113.8", "GET", "GET /api/v1/health", 200, 2L, null, null),
                    // \xc3\xa9 is é in UTF-8; \x2d is a real "-", escaped because "-" alone means unset
                    new ApiCallEvent("CrR4dQ2Hc0qkWbqS5#1", at("2024-05-01T10:03:24Z"), "203.0.113.8", null,
                            "203.0.113.8", "GET", "GET /static/café/-", 404, 162L, null, null));
        }

        @Test
        void jsonHttpLogReadsTheSameWay() throws IOException {
            ParseRun run = ParseRun.file(new ZeekParser("http.log"), Fixtures.log("zeek/http.json.log"));

            assertThat(run.stats.unparseable()).isZero();
            assertThat(run.events).extracting(e -> ((ApiCallEvent) e).clientId(), e -> ((ApiCallEvent) e).operation())
                    .containsExactly(tuple("vendor-acme", "GET /api/v1/orders/{id}"),
                            tuple("203.0.113.7", "POST /api/v1/customers/{id}/export"));
            assertThat(run.result(3).reason()).isEqualTo(ParseReason.INCOMPLETE_TRANSACTION);
        }
    }

    @Nested
    class Headers {

        @Test
        void separatorHeaderEscapeIsDecodedAndAnyCharacterWorks() {
            // Given a log written with LogAscii::separator = "|" and set_separator = ";"
            ParseRun run = ParseRun.lines(new ZeekParser("conn.log"),
                    "#separator \\x7c",
                    "#set_separator|;",
                    "#empty_field|(empty)",
                    "#unset_field|-",
                    "#path|conn",
                    "#fields|ts|uid|id.orig_h|id.orig_p|id.resp_h|id.resp_p|proto|orig_bytes|resp_bytes|conn_state",
                    "#types|time|string|addr|port|addr|port|enum|count|count|string",
                    "1.000001|Cabc|10.0.0.1|1234|10.0.0.2|80|tcp|-|(empty)|S0");

            assertThat(run.events).containsExactly(new NetworkEvent("Cabc", at("1970-01-01T00:00:01.000001Z"),
                    "10.0.0.1", 1234, "10.0.0.2", 80, "tcp", null, null, "S0"));
        }

        @Test
        void concatenatedRotatedFilesStartOverAtEachSeparatorHeader() {
            // Given an ssh block followed by a conn block, as `cat ssh.log conn.log` makes
            ParseRun run = ParseRun.lines(new ZeekParser("cat"),
                    "#separator \\x09", "#path\tssh", "#fields\tts\tuid\tid.orig_h\tid.resp_h\tauth_success\tauth_attempts",
                    "10.0\tCs\t203.0.113.7\t10.0.4.17\tF\t1",
                    "#close\t2024-05-01-11-00-00",
                    "#separator \\x09", "#path\tconn", "#fields\tts\tuid\tid.orig_h\tid.resp_h\tproto\tconn_state",
                    "11.0\tCc\t203.0.113.7\t10.0.4.17\ttcp\tS0");

            assertThat(run.events).extracting(CanonicalEvent::eventId, e -> e.getClass().getSimpleName())
                    .containsExactly(tuple("Cs", "AuthEvent"), tuple("Cc", "NetworkEvent"));
        }

        @Test
        void zeekTsvModeColumnRowIsAHeader() {
            // LogAscii tsv=T: a single unprefixed row of column names, default markers
            ParseRun run = ParseRun.lines(new ZeekParser("conn.log", ZeekLog.CONN),
                    "ts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tconn_state",
                    "1.5\tC1\t10.0.0.1\t1\t10.0.0.2\t2\ttcp\tS0");

            assertThat(run.result(1).reason()).isEqualTo(ParseReason.HEADER_LINE);
            assertThat(run.events).extracting(CanonicalEvent::eventId).containsExactly("C1");
        }

        @Test
        void recordsOfOtherLogsAreIgnoredAndMixedJsonStreamsAreSortedByPath() throws IOException {
            ParseRun run = ParseRun.file(new ZeekParser("zeek.json"), Fixtures.log("zeek/mixed.json.log"));

            assertThat(run.results).extracting(ParseResult::status, ParseResult::reason).containsExactly(
                    tuple(ParseResult.Status.EVENT, null), tuple(ParseResult.Status.IGNORED, ParseReason.OTHER_LOG),
                    tuple(ParseResult.Status.EVENT, null), tuple(ParseResult.Status.EVENT, null));
            assertThat(run.events).extracting(CanonicalEvent::eventId, CanonicalEvent::timestamp).containsExactly(
                    tuple("CHhAvVGS1DHFjwGM9", at("2024-05-01T10:00:00.123456Z")),
                    tuple("CmvTkb1FeN5wF5nXBa#1", at("2024-05-01T10:01:40.011001Z")),
                    tuple("CmvTkb1FeN5wF5nXBa#2", at("2024-05-01T10:01:40.011001Z")),
                    tuple("CaUVfC3rBB0iGLsZAa#1", at("2024-05-01T10:03:20.1Z")));
        }
    }

    @Nested
    class BadLines {

        @Test
        void eachProblemHasItsReasonAndNoMessageQuotesTheLine() {
            String header = "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\torig_bytes\tresp_bytes"
                    + "\tconn_state";
            ParseRun run = ParseRun.lines(new ZeekParser("conn.log"),
                    "1.0\tCsecret\t10.0.0.1\t1\t10.0.0.2\t2\ttcp\t1\t1\tS0",
                    header,
                    "1.0\tCsecret\t10.0.0.1\t1\t10.0.0.2\t2\ttcp\t1\tS0",
                    "1.0\tCsecret\t10.0.0.1\t1\t10.0.0.2\t2\ttcp\t-5\t1\tS0",
                    "1.0\tCsecret\t10.0.0.1\t70000\t10.0.0.2\t2\ttcp\t1\t1\tS0",
                    "1.0\tCsecret\tnot-an-address\t1\t10.0.0.2\t2\ttcp\t1\t1\tS0",
                    "yesterday\tCsecret\t10.0.0.1\t1\t10.0.0.2\t2\ttcp\t1\t1\tS0",
                    "-\tCsecret\t10.0.0.1\t1\t10.0.0.2\t2\ttcp\t1\t1\tS0",
                    "{\"ts\":1.0,\"uid\":\"Csecret\",\"id.orig_h\":\"10.0.0.1\",\"id.resp_h\":\"10.0.0.2\",\"proto\":\"tcp\","
                            + "\"conn_state\":\"S0\",\"orig_bytes\":-5}",
                    "{\"ts\":1.0,\"uid\":\"Csecret\",\"uid\":\"Csecret2\"}",
                    "{\"ts\":1.0,\"uid\":\"Csecret\"",
                    "[1,2,3]",
                    "{\"ts\":1e999999999,\"uid\":\"Csecret\",\"conn_state\":\"S0\"}",
                    "{\"uid\":\"Csecret\",\"query\":\"x\"}",
                    "{\"ts\":1.0,\"uid\":\"Csecret\",\"query\":\"x\"}");

            assertThat(run.results).extracting(ParseResult::reason).containsExactly(
                    ParseReason.MISSING_HEADER,
                    ParseReason.HEADER_LINE,
                    ParseReason.FIELD_COUNT_MISMATCH,
                    ParseReason.INVALID_FIELD,
                    ParseReason.INVALID_FIELD,
                    ParseReason.INVALID_FIELD,
                    ParseReason.INVALID_TIMESTAMP,
                    ParseReason.INVALID_FIELD,
                    ParseReason.INVALID_FIELD,
                    ParseReason.MALFORMED_JSON,
                    ParseReason.MALFORMED_JSON,
                    ParseReason.MALFORMED_JSON,
                    ParseReason.INVALID_TIMESTAMP,
                    ParseReason.INVALID_FIELD,
                    ParseReason.OTHER_LOG);
            assertThat(run.results).filteredOn(r -> r.status() == ParseResult.Status.UNPARSEABLE)
                    .extracting(ParseResult::message)
                    .allSatisfy(message -> assertThat(message).doesNotContain("secret", "not-an-address", "yesterday"));
            assertThat(run.result(4).message()).isEqualTo("orig_bytes: is not a non-negative integer");
            assertThat(run.result(5).message()).isEqualTo("id.orig_p: is not a port number (0-65535)");
        }

        @Test
        void recordWithoutUidGetsTheLineId() {
            ParseRun run = ParseRun.lines(new ZeekParser("conn.log"),
                    "{\"ts\":1.0,\"id.orig_h\":\"10.0.0.1\",\"id.resp_h\":\"10.0.0.2\",\"proto\":\"tcp\",\"conn_state\":\"S0\"}");

            assertThat(run.events).extracting(CanonicalEvent::eventId).containsExactly("conn.log:1");
        }

        @Test
        void crlfAndByteOrderMarkAreNotPartOfTheRecord() {
            ParseRun run = ParseRun.lines(new ZeekParser("conn.log"),
                    "\uFEFF{\"ts\":1.0,\"uid\":\"C1\",\"id.orig_h\":\"10.0.0.1\",\"id.resp_h\":\"10.0.0.2\","
                            + "\"proto\":\"tcp\",\"conn_state\":\"S0\"}\r\n");

            assertThat(run.events).extracting(e -> ((NetworkEvent) e).state()).containsExactly("S0");
        }
    }

    @Test
    void logInferenceUsesFieldsOnlyThatLogHas() {
        ZeekParser parser = new ZeekParser("x");
        Map<String, String> lines = Map.of(
                "{\"ts\":1.0,\"uid\":\"C1\",\"id.orig_h\":\"10.0.0.1\",\"id.resp_h\":\"10.0.0.2\",\"proto\":\"udp\","
                        + "\"trans_id\":1,\"query\":\"a\"}", ParseReason.OTHER_LOG,
                "{\"ts\":1.0,\"uid\":\"C1\",\"id.orig_h\":\"10.0.0.1\",\"id.resp_h\":\"10.0.0.2\",\"trans_depth\":1,"
                        + "\"method\":\"INVITE\",\"call_id\":\"x\",\"status_code\":200}", ParseReason.OTHER_LOG);

        lines.forEach((line, reason) -> assertThat(parser.parse(line, 1).reason()).isEqualTo(reason));
    }
}
