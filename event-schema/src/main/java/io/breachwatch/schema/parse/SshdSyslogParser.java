package io.breachwatch.schema.parse;

import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.AuthOutcome;
import io.breachwatch.schema.CanonicalEvent;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads OpenSSH server logs as written by syslog into {@link AuthEvent}s, one per authentication attempt, so that
 * every probe counts exactly once: sshd's {@code Failed …} and {@code Accepted …} lines are the attempts, PAM's
 * restatements of them are ignored, rsyslog's {@code message repeated N times} stands for N more attempts, an
 * {@code Invalid user} notice is folded into the attempt line of the same sshd process (or becomes an attempt of its
 * own when the connection ends without one), and in the older {@code sshd(pam_unix)} dialect PAM's
 * {@code authentication failure} is the attempt. Event ids are {@code <sourceName>:<line>[#k]}. Syslog timestamps
 * carry neither year nor zone; both come from the constructor, with the year advancing across new year.
 */
public final class SshdSyslogParser implements LogParser {
    /** Longer lines are not read at all: real sshd lines are under 1 KiB, and regexes must stay cheap. */
    public static final int MAX_LINE_LENGTH = 8 * 1024;

    private static final String SERVICE = "sshd";
    private static final String PAM_DIALECT_TAG = "sshd(pam_unix)";
    // OpenSSH 9.8 moved the per-connection work (and its log lines) into sshd-session, 10.0 added sshd-auth.
    private static final List<String> SSHD_TAGS = List.of("sshd", "sshd-session", "sshd-auth");
    private static final Pattern LAST_MESSAGE_REPEATED =
            Pattern.compile("last message repeated (\\d{1,10}) times?\\s*", Pattern.DOTALL);

    private final EventIds ids;
    private final SyslogLineReader reader;
    private final SshdMessageParser messages = new SshdMessageParser();
    private final InvalidUserNotices notices;
    // The attempt the previous line stood for: sysklogd's "last message repeated N times" refers to it.
    private AuthEvent lastAttempt;

    /**
     * @param sourceName names the input in event ids, e.g. a file name or {@code host/auth.log}; shortened if long
     * @param year       the year of the first line (syslog does not write it)
     * @param zone       the zone the logging host's clock was in
     */
    public SshdSyslogParser(String sourceName, int year, ZoneId zone) {
        this(sourceName, year, zone, InvalidUserNotices.DEFAULT_CAPACITY);
    }

    /** @param heldNoticeLimit how many connections' {@code Invalid user} notices to hold before releasing the oldest */
    public SshdSyslogParser(String sourceName, int year, ZoneId zone, int heldNoticeLimit) {
        this.ids = new EventIds(sourceName);
        this.reader = new SyslogLineReader(new SyslogClock(year, Objects.requireNonNull(zone, "zone")));
        this.notices = new InvalidUserNotices(heldNoticeLimit);
    }

    @Override
    public ParseResult parse(String line, long lineNumber) {
        AuthEvent previous = lastAttempt;
        lastAttempt = null;
        return SingleLineParsing.guarded(() -> parseLine(line, lineNumber, previous));
    }

    @Override
    public List<CanonicalEvent> finish() {
        lastAttempt = null;
        return List.copyOf(notices.drain());
    }

    private ParseResult parseLine(String line, long lineNumber, AuthEvent previous) {
        if (line == null) {
            return ParseResult.ignored(ParseReason.BLANK_LINE);
        }
        String text = LineText.withoutTerminator(line);
        if (text.length() > MAX_LINE_LENGTH) {
            throw new UnparseableLineException(ParseReason.LINE_TOO_LONG,
                    "line is " + text.length() + " characters long, the limit is " + MAX_LINE_LENGTH);
        }
        if (text.isBlank()) {
            return ParseResult.ignored(ParseReason.BLANK_LINE);
        }
        SyslogLine syslog = reader.read(text);
        if (syslog.tag() == null) {
            Matcher repeat = LAST_MESSAGE_REPEATED.matcher(syslog.message());
            if (repeat.matches()) {
                return lastMessageRepeated(repeat.group(1), syslog, lineNumber, previous);
            }
            return ParseResult.ignored(ParseReason.NOT_SSHD);
        }
        boolean pamDialect = PAM_DIALECT_TAG.equals(syslog.tag());
        if (!pamDialect && !SSHD_TAGS.contains(syslog.tag())) {
            return ParseResult.ignored(ParseReason.NOT_SSHD);
        }
        return apply(messages.parse(pamDialect, syslog.message()), syslog, lineNumber);
    }

    private ParseResult apply(SshdMessage message, SyslogLine syslog, long lineNumber) {
        if (message instanceof SshdMessage.Attempt attempt) {
            return attempts(attempt, 1, syslog, lineNumber);
        }
        if (message instanceof SshdMessage.Repeated repeated) {
            if (repeated.inner() instanceof SshdMessage.Attempt attempt) {
                return attempts(attempt, repeated.count(), syslog, lineNumber);
            }
            // A notice rsyslog folded cannot be matched to attempt lines one by one, so each stands on its own.
            SshdMessage.InvalidUserNotice notice = (SshdMessage.InvalidUserNotice) repeated.inner();
            return ParseResult.events(noticeEvents(notice, repeated.count(), syslog, lineNumber));
        }
        if (message instanceof SshdMessage.InvalidUserNotice notice) {
            AuthEvent event = noticeEvents(notice, 1, syslog, lineNumber).get(0);
            InvalidUserNotices.Connection connection = connection(syslog);
            if (connection == null) {
                return ParseResult.events(List.of(event));
            }
            return ParseResult.pending(ParseReason.INVALID_USER_NOTICE, notices.hold(connection, event));
        }
        SshdMessage.Other other = (SshdMessage.Other) message;
        InvalidUserNotices.Connection connection = connection(syslog);
        List<AuthEvent> released = other.endsSession() && connection != null
                ? notices.take(connection).map(List::of).orElse(List.of())
                : List.of();
        return ParseResult.ignored(other.reason(), released);
    }

    private ParseResult attempts(SshdMessage.Attempt attempt, int count, SyslogLine syslog, long lineNumber) {
        List<AuthEvent> own = new ArrayList<>(count);
        for (int k = 1; k <= count; k++) {
            own.add(new AuthEvent(ids.of(lineNumber, k, count), syslog.timestamp(), attempt.user(), attempt.source(),
                    attempt.outcome(), attempt.method(), failureReason(attempt), SERVICE, syslog.host()));
        }
        List<AuthEvent> ready = new ArrayList<>(count + 1);
        InvalidUserNotices.Connection connection = connection(syslog);
        if (attempt.invalidUser() && connection != null) {
            // The attempt line is the event; its notice is consumed. A notice from another address is a stale
            // one of a reused pid, a probe of its own.
            notices.take(connection)
                    .filter(notice -> !notice.sourceIp().equals(attempt.source()))
                    .ifPresent(ready::add);
        }
        ready.addAll(own);
        lastAttempt = own.get(0);
        return ParseResult.events(ready);
    }

    private ParseResult lastMessageRepeated(String countText, SyslogLine syslog, long lineNumber,
                                            AuthEvent previous) {
        if (previous == null || !syslog.host().equals(previous.host())) {
            return ParseResult.ignored(ParseReason.REPEAT_WITHOUT_EVENT);
        }
        int count = SshdMessageParser.repeatCount(countText);
        List<AuthEvent> copies = new ArrayList<>(count);
        for (int k = 1; k <= count; k++) {
            copies.add(new AuthEvent(ids.of(lineNumber, k, count), syslog.timestamp(), previous.user(),
                    previous.sourceIp(), previous.outcome(), previous.method(), previous.reason(), previous.service(),
                    previous.host()));
        }
        // sysklogd writes further "last message repeated" lines for the same message during a long flood.
        lastAttempt = previous;
        return ParseResult.events(copies);
    }

    private List<AuthEvent> noticeEvents(SshdMessage.InvalidUserNotice notice, int count, SyslogLine syslog,
                                         long lineNumber) {
        List<AuthEvent> events = new ArrayList<>(count);
        for (int k = 1; k <= count; k++) {
            events.add(new AuthEvent(ids.of(lineNumber, k, count), syslog.timestamp(), notice.user(), notice.source(),
                    AuthOutcome.FAILURE, "none", AuthReasons.INVALID_USER, SERVICE, syslog.host()));
        }
        return events;
    }

    private static String failureReason(SshdMessage.Attempt attempt) {
        if (attempt.outcome() == AuthOutcome.SUCCESS) {
            return null;
        }
        if (attempt.invalidUser()) {
            return AuthReasons.INVALID_USER;
        }
        String method = attempt.method();
        if (method.equals("password") || method.startsWith("keyboard-interactive")) {
            return AuthReasons.BAD_PASSWORD;
        }
        return method.equals("publickey") || method.equals("hostbased") ? AuthReasons.BAD_KEY : null;
    }

    private static InvalidUserNotices.Connection connection(SyslogLine syslog) {
        return syslog.pid() == null ? null : new InvalidUserNotices.Connection(syslog.host(), syslog.pid());
    }
}
