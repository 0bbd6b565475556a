package io.breachwatch.schema.parse;

import io.breachwatch.schema.ApiCallEvent;
import io.breachwatch.schema.CanonicalEvent;
import io.breachwatch.schema.InvalidEventException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads web server access logs in the combined log format
 * ({@code 127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 "http://ref"
 * "Mozilla/4.08"}, Apache's and nginx's default) and the common log format (the same without referer and user
 * agent) into {@link ApiCallEvent}s, one per line. Fields a site appends after the user agent are ignored.
 *
 * <p>Mapping: event id {@code <sourceName>:<line>}; client id = the authenticated user ({@code %u}) when there is
 * one, else the remote host, which is also the source (the user agent is attacker-chosen, so it does not split a
 * client into many); method from the request line; operation = {@code <METHOD> <path template>}
 * ({@link Endpoints}: query dropped, numeric and UUID segments {@code {id}}); status; response bytes ({@code -}
 * means none sent: null). A request line that is not {@code METHOD target [protocol]} ({@code "-"} after a
 * timeout, TLS bytes sent to a plain-HTTP port) is {@link ParseReason#INCOMPLETE_TRANSACTION}; a status that is not
 * a number in 100–599 or a negative size is {@link ParseReason#INVALID_FIELD}.
 */
public final class AccessLogParser implements LogParser {
    /** Longer lines are not read: Apache limits the request line to 8 KiB, and referer and agent to as much. */
    public static final int MAX_LINE_LENGTH = 32 * 1024;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MMM/uuuu:HH:mm:ss Z", Locale.ENGLISH)
            .withResolverStyle(ResolverStyle.STRICT);
    // RFC 9110 token characters; real methods are upper-case words, WebDAV's included.
    private static final Pattern METHOD = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,32}");
    private static final Pattern DIGITS = Pattern.compile("-?[0-9]{1,18}");

    private final EventIds ids;

    /** @param sourceName names the input in event ids, e.g. a file name */
    public AccessLogParser(String sourceName) {
        this.ids = new EventIds(sourceName);
    }

    @Override
    public ParseResult parse(String line, long lineNumber) {
        return SingleLineParsing.parse(line, MAX_LINE_LENGTH, text -> parseText(text, lineNumber));
    }

    /** Every line stands alone: nothing is ever held. */
    @Override
    public List<CanonicalEvent> finish() {
        return List.of();
    }

    private ParseResult parseText(String text, long lineNumber) {
        AccessLogLine fields = AccessLogLine.read(text).orElseThrow(() -> new UnparseableLineException(
                ParseReason.NOT_ACCESS_LOG, "not host ident user [time] \"request\" status bytes"));
        Instant timestamp = time(fields.time());
        int status = status(fields.status());
        Long bytes = bytes(fields.bytes());
        Optional<String[]> request = request(fields.request());
        if (request.isEmpty()) {
            return ParseResult.ignored(ParseReason.INCOMPLETE_TRANSACTION);
        }
        String method = request.get()[0];
        String client = fields.user().equals("-") ? fields.host() : fields.user();
        return ParseResult.events(List.of(new ApiCallEvent(ids.of(lineNumber), timestamp, client, null,
                fields.host(), method, Endpoints.operation(method, request.get()[1]), status, bytes, null, null)));
    }

    private static Instant time(String text) {
        try {
            return OffsetDateTime.parse(text, TIME).toInstant();
        } catch (DateTimeException e) {
            throw new UnparseableLineException(ParseReason.INVALID_TIMESTAMP,
                    "time is not dd/Mon/yyyy:HH:mm:ss +hhmm or names no real date");
        }
    }

    private static int status(String text) {
        if (!DIGITS.matcher(text).matches()) {
            throw InvalidEventException.invalidField("status", "is not a number");
        }
        long status = Long.parseLong(text);
        if (status < 100 || status > 599) {
            throw InvalidEventException.invalidField("status", "is not an HTTP status (100-599)");
        }
        return (int) status;
    }

    private static Long bytes(String text) {
        if (text.equals("-")) {
            return null;
        }
        if (!DIGITS.matcher(text).matches()) {
            throw InvalidEventException.invalidField("response_bytes", "is not a number");
        }
        long bytes = Long.parseLong(text);
        if (bytes < 0) {
            throw InvalidEventException.invalidField("response_bytes", "is negative");
        }
        return bytes;
    }

    /** {method, target}; a target with spaces (a broken client) is everything between method and protocol. */
    private static Optional<String[]> request(String text) {
        int firstSpace = text.indexOf(' ');
        if (firstSpace <= 0 || !METHOD.matcher(text.substring(0, firstSpace)).matches()) {
            return Optional.empty();
        }
        String rest = text.substring(firstSpace + 1);
        int lastSpace = rest.lastIndexOf(' ');
        String target = lastSpace > 0 && rest.startsWith("HTTP/", lastSpace + 1) ? rest.substring(0, lastSpace) : rest;
        if (target.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new String[] {text.substring(0, firstSpace), target});
    }
}
