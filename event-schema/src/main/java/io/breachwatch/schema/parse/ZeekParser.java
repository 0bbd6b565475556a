package io.breachwatch.schema.parse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.breachwatch.schema.ApiCallEvent;
import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.AuthOutcome;
import io.breachwatch.schema.CanonicalEvent;
import io.breachwatch.schema.InvalidEventException;
import io.breachwatch.schema.NetworkEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads Zeek logs into canonical events: {@code conn.log} into {@link NetworkEvent}s, {@code ssh.log} into
 * {@link AuthEvent}s and {@code http.log} into {@link ApiCallEvent}s. Both of Zeek's output forms are read, even
 * mixed in one stream: tab-separated with {@code #} meta lines ({@link ZeekTsvHeader}), and JSON lines, where an
 * unset field is simply absent. Which log a record belongs to comes from the record itself ({@code #path}, or
 * {@code _path} in JSON pipelines), else from the constructor, else from its fields ({@code conn_state} → conn,
 * {@code auth_attempts}/{@code auth_success} → ssh, {@code trans_depth} → http); records of other logs (dns, files…)
 * are ignored as {@link ParseReason#OTHER_LOG}.
 *
 * <p>Mappings, and why:
 * <ul>
 * <li>conn: event id = {@code uid}; ports are dropped for ICMP, where Zeek writes the ICMP type and code in the port
 * columns: they are not ports, and a port-scan rule counting distinct destination ports must not count echo
 * requests. Zeek's {@code unknown_transport} becomes {@code unknown} (the protocol field holds 16 characters).</li>
 * <li>ssh: Zeek cannot see user names or credential types inside the encrypted session, so {@code user} (kept when a
 * site script adds one), {@code method} and {@code reason} are null; service {@code ssh}; host = the server
 * ({@code id.resp_h}). {@code auth_success = F} with {@code auth_attempts = N} stands for N failed attempts (at
 * least one), ids {@code uid#1…uid#N}, so that a client trying six passwords in one connection counts six times, as
 * in sshd's own log. A success is one event: Zeek's documentation warns that not every earlier attempt was a
 * failure (two-factor logins count two attempts). An unset {@code auth_success} (Zeek could not tell) is
 * {@link ParseReason#NO_AUTH_OUTCOME}.</li>
 * <li>http: event id = {@code uid#trans_depth}, as one connection carries several requests; client id = the
 * authenticated {@code username} when Zeek saw one, else the client address (the user agent is attacker-chosen
 * and would let one client pose as many); operation = {@code <method> <path template>} ({@link Endpoints});
 * response bytes = {@code response_body_len}. A transaction without method or status is
 * {@link ParseReason#INCOMPLETE_TRANSACTION}.</li>
 * </ul>
 * A record without {@code uid} gets {@code <sourceName>:<line>} as id. Bad values (a negative count, a port above
 * 65535, an address that is not an IP literal) make the line {@link ParseReason#INVALID_FIELD}.
 */
public final class ZeekParser implements LogParser {
    /** Longer lines are not read: Zeek lines are a few hundred bytes, long http.log URIs a few KiB. */
    public static final int MAX_LINE_LENGTH = 64 * 1024;
    /** Most failures one ssh.log record expands into; more is not a real count. */
    public static final int MAX_AUTH_ATTEMPTS = 1_000;

    private static final String SERVICE = "ssh";
    private static final int MAX_JSON_NESTING = 8;

    private final EventIds ids;
    private final ZeekLog log;
    private final ObjectMapper json = LogJson.mapper(MAX_LINE_LENGTH, MAX_JSON_NESTING);
    private final ZeekTsvHeader header = new ZeekTsvHeader();
    private boolean sawHeader;

    /** A parser that tells each record's log from its header, {@code _path} or fields. */
    public ZeekParser(String sourceName) {
        this(sourceName, null);
    }

    /**
     * @param sourceName names the input in fallback event ids, e.g. a file name
     * @param log        the log of records that do not name their own (JSON lines without {@code _path}); null to
     *                   infer it from the fields
     */
    public ZeekParser(String sourceName, ZeekLog log) {
        this.ids = new EventIds(sourceName);
        this.log = log;
    }

    @Override
    public ParseResult parse(String line, long lineNumber) {
        return SingleLineParsing.parse(line, MAX_LINE_LENGTH, text -> parseText(text, lineNumber));
    }

    /** Zeek records are complete in their line: nothing is ever held. */
    @Override
    public List<CanonicalEvent> finish() {
        return List.of();
    }

    private ParseResult parseText(String text, long lineNumber) {
        if (text.charAt(0) == '#') {
            header.apply(text);
            sawHeader = true;
            return ParseResult.ignored(ParseReason.HEADER_LINE);
        }
        String trimmed = text.stripLeading();
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            return record(new ZeekRecord.Json(readObject(text)), lineNumber);
        }
        if (!sawHeader && text.startsWith("ts\tuid\t")) {
            header.applyColumnNames(text);
            sawHeader = true;
            return ParseResult.ignored(ParseReason.HEADER_LINE);
        }
        if (!header.hasFields()) {
            throw new UnparseableLineException(ParseReason.MISSING_HEADER,
                    "tab-separated record before any #fields header");
        }
        String[] columns = header.split(text);
        if (columns.length != header.fieldCount()) {
            throw new UnparseableLineException(ParseReason.FIELD_COUNT_MISMATCH,
                    "record has " + columns.length + " fields, the #fields header names " + header.fieldCount());
        }
        return record(new ZeekRecord.Tsv(header, columns), lineNumber);
    }

    private ObjectNode readObject(String text) {
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (StreamConstraintsException e) {
            throw new UnparseableLineException(ParseReason.TOO_LARGE, "JSON exceeds a string, number or nesting limit");
        } catch (JsonProcessingException e) {
            // Jackson's own message quotes the input, so only the position is reported.
            throw new UnparseableLineException(ParseReason.MALFORMED_JSON,
                    "malformed JSON at column " + (e.getLocation() == null ? "?" : e.getLocation().getColumnNr()));
        }
        if (!(node instanceof ObjectNode object)) {
            throw new UnparseableLineException(ParseReason.MALFORMED_JSON, "JSON line is not an object");
        }
        return object;
    }

    private ParseResult record(ZeekRecord record, long lineNumber) {
        Optional<ZeekLog> kind = logOf(record);
        if (kind.isEmpty()) {
            // A Zeek record (it has a time) of a log without canonical events, such as dns.log.
            if (record.time("ts") == null) {
                throw InvalidEventException.invalidField("ts", "is required");
            }
            return ParseResult.ignored(ParseReason.OTHER_LOG);
        }
        Instant timestamp = record.time("ts");
        if (timestamp == null) {
            throw InvalidEventException.invalidField("ts", "is required");
        }
        String uid = record.string("uid");
        String eventId = uid == null ? ids.of(lineNumber) : uid;
        return switch (kind.get()) {
            case CONN -> ParseResult.events(List.of(connection(record, eventId, timestamp)));
            case SSH -> ssh(record, eventId, timestamp);
            case HTTP -> http(record, uid == null ? eventId : null, uid, timestamp);
        };
    }

    private Optional<ZeekLog> logOf(ZeekRecord record) {
        String path = record.path();
        if (path != null) {
            return ZeekLog.fromPath(path);
        }
        if (log != null) {
            return Optional.of(log);
        }
        return inferLog(record);
    }

    /** The log a record without {@code #path}/{@code _path} belongs to, told by fields only that log has. */
    static Optional<ZeekLog> inferLog(ZeekRecord record) {
        if (record.has("conn_state")) {
            return Optional.of(ZeekLog.CONN);
        }
        if (record.has("auth_attempts") || record.has("auth_success")) {
            return Optional.of(ZeekLog.SSH);
        }
        // sip.log also has trans_depth, method and status_code, but always a call_id.
        if (record.has("trans_depth") && !record.has("call_id")) {
            return Optional.of(ZeekLog.HTTP);
        }
        return Optional.empty();
    }

    private static NetworkEvent connection(ZeekRecord record, String eventId, Instant timestamp) {
        String protocol = required("proto", record.string("proto")).toLowerCase(Locale.ROOT);
        if (protocol.equals("unknown_transport")) {
            protocol = "unknown";
        }
        boolean icmp = protocol.equals("icmp");
        return new NetworkEvent(eventId, timestamp,
                required("id.orig_h", record.address("id.orig_h")), icmp ? null : record.port("id.orig_p"),
                required("id.resp_h", record.address("id.resp_h")), icmp ? null : record.port("id.resp_p"),
                protocol, record.count("orig_bytes"), record.count("resp_bytes"), record.string("conn_state"));
    }

    private static ParseResult ssh(ZeekRecord record, String eventId, Instant timestamp) {
        String source = required("id.orig_h", record.address("id.orig_h"));
        String server = record.address("id.resp_h");
        Boolean success = record.bool("auth_success");
        Long attempts = record.count("auth_attempts");
        String user = record.string("user");
        if (success == null) {
            return ParseResult.ignored(ParseReason.NO_AUTH_OUTCOME);
        }
        if (success) {
            return ParseResult.events(List.of(new AuthEvent(eventId, timestamp, user, source, AuthOutcome.SUCCESS,
                    null, null, SERVICE, server)));
        }
        long count = attempts == null ? 1 : Math.max(1, attempts);
        if (count > MAX_AUTH_ATTEMPTS) {
            throw new UnparseableLineException(ParseReason.REPEAT_COUNT_TOO_LARGE,
                    "auth_attempts " + count + " is above " + MAX_AUTH_ATTEMPTS);
        }
        List<AuthEvent> failures = new ArrayList<>((int) count);
        for (int k = 1; k <= count; k++) {
            failures.add(new AuthEvent(count == 1 ? eventId : eventId + "#" + k, timestamp, user, source,
                    AuthOutcome.FAILURE, null, null, SERVICE, server));
        }
        return ParseResult.events(failures);
    }

    /** @param fallbackId the line-based id when the record has no uid, else null */
    private static ParseResult http(ZeekRecord record, String fallbackId, String uid, Instant timestamp) {
        String source = required("id.orig_h", record.address("id.orig_h"));
        Long depth = record.count("trans_depth");
        String method = record.string("method");
        Long status = record.count("status_code");
        String uri = record.string("uri");
        String username = record.string("username");
        Long responseBytes = record.count("response_body_len");
        if (method == null || status == null) {
            return ParseResult.ignored(ParseReason.INCOMPLETE_TRANSACTION);
        }
        if (status > 999) {
            throw InvalidEventException.invalidField("status_code", "is not an HTTP status");
        }
        String eventId = fallbackId != null ? fallbackId : depth == null ? uid : uid + "#" + depth;
        return ParseResult.events(List.of(new ApiCallEvent(eventId, timestamp, username != null ? username : source,
                null, source, method, Endpoints.operation(method, uri), status.intValue(), responseBytes, null,
                null)));
    }

    private static String required(String field, String value) {
        if (value == null) {
            throw InvalidEventException.invalidField(field, "is required");
        }
        return value;
    }
}
