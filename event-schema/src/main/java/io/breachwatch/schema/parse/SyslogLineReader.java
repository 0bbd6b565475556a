package io.breachwatch.schema.parse;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits syslog lines as they are written to files into {@link SyslogLine}s: the classic BSD form
 * ({@code Dec 10 06:55:46 LabSZ sshd[24200]: …}, RFC 3164, optionally with a {@code <PRI>} prefix) and rsyslog's
 * high-precision form with an RFC 3339 timestamp ({@code 2024-05-01T10:00:00.123456+02:00 host sshd[1]: …}, the
 * default in current Debian and Ubuntu). BSD timestamps get their year and zone from a {@link SyslogClock}, so the
 * reader is stateful and belongs to one input stream.
 */
final class SyslogLineReader {
    private static final List<String> MONTHS =
            List.of("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec");

    // DOTALL throughout: whatever the message holds (stray CR, NUL, U+2028) is message text, not a line end.
    private static final Pattern BSD = Pattern.compile(
            "(?:<\\d{1,3}>)?(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) {1,2}(\\d{1,2})"
                    + " (\\d{2}):(\\d{2}):(\\d{2}) (\\S+) (.*)", Pattern.DOTALL);
    private static final Pattern RFC3339 = Pattern.compile(
            "(?:<\\d{1,3}>)?(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,9})?(?:Z|[+-]\\d{2}:\\d{2}))"
                    + " (\\S+) (.*)", Pattern.DOTALL);
    // A tag is what syslog(3) writes before "[pid]: " or ": "; it has no blanks, brackets or colons.
    private static final Pattern TAG = Pattern.compile("([^\\s\\[\\]:]+)(?:\\[([^\\]]{0,32})\\])?: ?(.*)",
            Pattern.DOTALL);

    private final SyslogClock clock;

    SyslogLineReader(SyslogClock clock) {
        this.clock = clock;
    }

    /** @throws UnparseableLineException when the line has no syslog header or its time does not exist */
    SyslogLine read(String line) {
        Matcher bsd = BSD.matcher(line);
        if (bsd.matches()) {
            Instant timestamp = clock.resolve(MONTHS.indexOf(bsd.group(1)) + 1, Integer.parseInt(bsd.group(2)),
                    Integer.parseInt(bsd.group(3)), Integer.parseInt(bsd.group(4)), Integer.parseInt(bsd.group(5)));
            return withTag(timestamp, bsd.group(6), bsd.group(7));
        }
        Matcher iso = RFC3339.matcher(line);
        if (iso.matches()) {
            return withTag(rfc3339(iso.group(1)), iso.group(2), iso.group(3));
        }
        throw new UnparseableLineException(ParseReason.NOT_SYSLOG, "no syslog timestamp and host at line start");
    }

    private static SyslogLine withTag(Instant timestamp, String host, String rest) {
        Matcher tag = TAG.matcher(rest);
        if (tag.matches()) {
            return new SyslogLine(timestamp, host, tag.group(1), tag.group(2), tag.group(3));
        }
        return new SyslogLine(timestamp, host, null, null, rest);
    }

    private static Instant rfc3339(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException e) {
            throw new UnparseableLineException(ParseReason.INVALID_TIMESTAMP,
                    "RFC 3339 timestamp is not a valid date or time");
        }
    }
}
