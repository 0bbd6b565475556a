package io.breachwatch.schema.parse;

import io.breachwatch.schema.DeadLetterReason;
import java.util.List;
import java.util.stream.Stream;

/**
 * Why a log line produced no event of its own. A closed set: these codes are metric label values and must never
 * carry anything taken from the line itself. Each code belongs to exactly one {@link ParseResult.Status}, which
 * {@link ParseResult} enforces; a parser for a new format adds its codes here instead of composing them at run time.
 */
public final class ParseReason {

    // Unparseable: the line is counted and dead-lettered, never silently skipped.

    /** No syslog header (timestamp and host) at the start of the line. */
    public static final String NOT_SYSLOG = "not_syslog";
    /** Longer than the parser's line limit; not even the header is read. */
    public static final String LINE_TOO_LONG = "line_too_long";
    /**
     * A timestamp that does not exist or cannot be read: a syslog header's Feb 30 or 25:00, an access log's
     * {@code [10/Foo/2000:…]}, a Zeek {@code ts} or CloudTrail {@code eventTime} that is not a time.
     */
    public static final String INVALID_TIMESTAMP = "invalid_timestamp";
    /** An extracted field breaks a canonical event limit (too long, blank where required). */
    public static final String INVALID_FIELD = DeadLetterReason.INVALID_FIELD;
    /** A known authentication message whose fields cannot be located (truncated or altered line). */
    public static final String MALFORMED_SSHD_MESSAGE = "malformed_sshd_message";
    /** A repeat count beyond what the parser expands into events. */
    public static final String REPEAT_COUNT_TOO_LARGE = "repeat_count_too_large";
    /** A parser bug; the line is kept so the bug can be reproduced. */
    public static final String PARSER_ERROR = "parser_error";
    /** JSON that cannot be read: not JSON, truncated, duplicate keys, or not an object where a record must be one. */
    public static final String MALFORMED_JSON = DeadLetterReason.MALFORMED_JSON;
    /** A JSON document (spanning lines) larger than the parser buffers, or nested deeper than it reads. */
    public static final String TOO_LARGE = DeadLetterReason.TOO_LARGE;
    /** A Zeek tab-separated record before any {@code #fields} header: its columns cannot be named. */
    public static final String MISSING_HEADER = "missing_header";
    /** A tab-separated record with more or fewer columns than its {@code #fields} header names. */
    public static final String FIELD_COUNT_MISMATCH = "field_count_mismatch";
    /** Not a web server access log line (common or combined log format). */
    public static final String NOT_ACCESS_LOG = "not_access_log";

    // Ignored: recognised, and carries no event.

    /** Empty or whitespace-only line (or a null passed by a caller). */
    public static final String BLANK_LINE = "blank_line";
    /** A syslog line of another program. */
    public static final String NOT_SSHD = "not_sshd";
    /** A PAM or summary line restating a failure that sshd's own "Failed …" line already reports. */
    public static final String DUPLICATE_OF_SSHD_FAILURE = "duplicate_of_sshd_failure";
    /** An authentication failure without a remote host (a local console login), so no source to attribute. */
    public static final String NO_SOURCE = "no_source";
    /** Session bookkeeping: PAM session opened or closed. */
    public static final String SESSION_INFO = "session_info";
    /** The connection ended: closed, reset, disconnected. */
    public static final String SESSION_END = "session_end";
    /** A step inside an attempt that is counted elsewhere (user unknown, userauth request, retry limits). */
    public static final String AUTH_DETAIL = "auth_detail";
    /** Connection-level notice before authentication (reverse DNS mismatch, no identification string, kex). */
    public static final String CONNECTION_INFO = "connection_info";
    /** An {@code error:} or {@code fatal:} line that is not one of the above. */
    public static final String ERROR_MESSAGE = "error_message";
    /** An sshd line with a message the parser does not know; counted so that new message shapes get noticed. */
    public static final String UNKNOWN_SSHD_MESSAGE = "unknown_sshd_message";
    /** {@code last message repeated N times} after a line that produced no event. */
    public static final String REPEAT_WITHOUT_EVENT = "repeat_without_event";
    /** Format metadata: a Zeek {@code #separator}, {@code #fields} or {@code #close} line. */
    public static final String HEADER_LINE = "header_line";
    /** A record of a log that carries no canonical event, such as a Zeek {@code dns.log} record. */
    public static final String OTHER_LOG = "other_log";
    /** A Zeek {@code ssh.log} record whose {@code auth_success} is unset: Zeek could not tell how it ended. */
    public static final String NO_AUTH_OUTCOME = "no_auth_outcome";
    /**
     * An HTTP transaction seen only in part: no request method or no response status (a timeout, a reset, or bytes
     * that were not HTTP).
     */
    public static final String INCOMPLETE_TRANSACTION = "incomplete_transaction";
    /** A well-formed document without records: an empty CloudTrail {@code Records} array, or a digest file. */
    public static final String NO_RECORDS = "no_records";

    // Pending: held until a later line (or the end of input) decides whether it is an event.

    /** sshd's {@code Invalid user … from …} notice, waiting for the attempt line of the same connection. */
    public static final String INVALID_USER_NOTICE = "invalid_user_notice";
    /** A line of a JSON document that spans lines (pretty-printed CloudTrail), waiting for the document's end. */
    public static final String INCOMPLETE_DOCUMENT = "incomplete_document";

    public static final List<String> UNPARSEABLE = List.of(
            NOT_SYSLOG, LINE_TOO_LONG, INVALID_TIMESTAMP, INVALID_FIELD, MALFORMED_SSHD_MESSAGE,
            REPEAT_COUNT_TOO_LARGE, PARSER_ERROR, MALFORMED_JSON, TOO_LARGE, MISSING_HEADER, FIELD_COUNT_MISMATCH,
            NOT_ACCESS_LOG);

    public static final List<String> IGNORED = List.of(
            BLANK_LINE, NOT_SSHD, DUPLICATE_OF_SSHD_FAILURE, NO_SOURCE, SESSION_INFO, SESSION_END, AUTH_DETAIL,
            CONNECTION_INFO, ERROR_MESSAGE, UNKNOWN_SSHD_MESSAGE, REPEAT_WITHOUT_EVENT, HEADER_LINE, OTHER_LOG,
            NO_AUTH_OUTCOME, INCOMPLETE_TRANSACTION, NO_RECORDS);

    public static final List<String> PENDING = List.of(INVALID_USER_NOTICE, INCOMPLETE_DOCUMENT);

    public static final List<String> ALL = Stream.of(UNPARSEABLE, IGNORED, PENDING)
            .flatMap(List::stream)
            .toList();

    private ParseReason() {
    }
}
