package io.breachwatch.schema.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.schema.ApiCallEvent;
import io.breachwatch.schema.CanonicalEvent;
import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Web server access logs, combined and common format; fixtures under {@code logs/access/}. */
class AccessLogParserTest {

    private static ApiCallEvent call(String id, String time, String client, String source, String method,
                                     String operation, int status, Long bytes) {
        return new ApiCallEvent(id, Instant.parse(time), client, null, source, method, operation, status, bytes, null,
                null);
    }

    @Test
    void combinedLogBecomesApiCallsByUserOrElseAddress() throws IOException {
        // Given Apache's example line, a vendor's calls, a scanner, a TLS handshake on port 80, a timeout, IPv6,
        // HTTP/2 with nginx's $request_time appended, and nginx's 499
        ParseRun run = ParseRun.file(new AccessLogParser("access.log"), Fixtures.log("access/combined.log"));

        assertThat(run.stats.unparseable()).as(run.stats.toString()).isZero();
        assertThat(run.stats.lines(ParseResult.Status.IGNORED, ParseReason.INCOMPLETE_TRANSACTION)).isEqualTo(2);
        assertThat(run.events).containsExactly(
                call("access.log:1", "2000-10-10T20:55:36Z", "frank", "127.0.0.1", "GET", "GET /apache_pb.gif",
                        200, 2326L),
                call("access.log:2", "2026-03-14T09:12:48Z", "vendor-acme", "198.51.100.23", "GET",
                        "GET /api/v1/orders/{id}", 200, 5120L),
                call("access.log:3", "2026-03-14T09:12:49Z", "vendor-acme", "198.51.100.23", "GET",
                        "GET /api/v1/orders/{id}", 200, 4980L),
                // "-" size: nothing sent, null rather than 0
                call("access.log:4", "2026-03-14T09:13:01Z", "203.0.113.7", "203.0.113.7", "POST",
                        "POST /api/v1/customers/{id}/export", 403, null),
                // escaped quotes inside the request and the agent do not end the fields
                call("access.log:5", "2026-03-14T09:13:02Z", "203.0.113.7", "203.0.113.7", "GET",
                        "GET /wp-login.php", 404, 162L),
                // an ObjectId-like hex segment is an id; +0100 is converted
                call("access.log:8", "2026-03-14T09:13:05Z", "2001:db8::17", "2001:db8::17", "DELETE",
                        "DELETE /api/v1/sessions/{id}", 204, 0L),
                call("access.log:9", "2026-03-14T09:13:06Z", "10.0.4.9", "10.0.4.9", "GET", "GET /healthz", 499, 0L));
    }

    @Test
    void commonLogFormatHasNoRefererOrAgent() throws IOException {
        ParseRun run = ParseRun.file(new AccessLogParser("common.log"), Fixtures.log("access/common.log"));

        assertThat(run.events).containsExactly(
                call("common.log:1", "2000-10-10T20:55:36Z", "frank", "127.0.0.1", "GET", "GET /apache_pb.gif", 200,
                        2326L),
                call("common.log:2", "2000-10-10T20:55:37Z", "192.0.2.10", "192.0.2.10", "GET", "GET /index.html",
                        304, null),
                call("common.log:3", "2000-10-10T20:55:38Z", "alice", "192.0.2.10", "GET",
                        "GET /account/{id}/invoices/{id}", 200, 10_450L));
    }

    @Test
    void badFieldsHaveTheirReasonAndMessagesDoNotQuoteTheLine() {
        ParseRun run = ParseRun.lines(new AccessLogParser("access.log"),
                "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /secret HTTP/1.0\" 200 -2326",
                "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /secret HTTP/1.0\" 200 lots",
                "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /secret HTTP/1.0\" 999 1",
                "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /secret HTTP/1.0\" OK 1",
                "127.0.0.1 - frank [31/Feb/2000:13:55:36 -0700] \"GET /secret HTTP/1.0\" 200 1",
                "127.0.0.1 - frank [yesterday] \"GET /secret HTTP/1.0\" 200 1",
                "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /secret HTTP/1.0 200 1",
                "Oct 10 13:55:36 host sshd[1]: secret",
                "",
                "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /secret HTTP/1.0\" 200 1\r\n");

        assertThat(run.results).extracting(ParseResult::reason).containsExactly(
                ParseReason.INVALID_FIELD, ParseReason.INVALID_FIELD, ParseReason.INVALID_FIELD,
                ParseReason.INVALID_FIELD, ParseReason.INVALID_TIMESTAMP, ParseReason.INVALID_TIMESTAMP,
                ParseReason.NOT_ACCESS_LOG, ParseReason.NOT_ACCESS_LOG, ParseReason.BLANK_LINE, null);
        assertThat(run.results).filteredOn(r -> r.status() == ParseResult.Status.UNPARSEABLE)
                .allSatisfy(r -> assertThat(r.message()).doesNotContain("secret", "frank", "lots", "yesterday"));
        assertThat(run.events).extracting(CanonicalEvent::eventId).containsExactly("access.log:10");
    }
}
