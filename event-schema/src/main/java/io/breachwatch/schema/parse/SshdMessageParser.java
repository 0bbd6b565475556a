package io.breachwatch.schema.parse;

import io.breachwatch.schema.AuthOutcome;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the message text of sshd syslog lines into {@link SshdMessage}s. Two dialects: current OpenSSH
 * ({@code sshd[pid]:}, where sshd's own {@code Failed …} line is the record of an attempt and PAM's lines restate
 * it) and the older one where PAM logs under {@code sshd(pam_unix)[pid]:} and its {@code authentication failure}
 * is the only record. User names come from attackers, so fields are located from the right-hand end of the line,
 * which sshd writes itself: a user named {@code "x from 6.6.6.6 port 1"} cannot move the source address.
 */
final class SshdMessageParser {
    /** rsyslog folds only identical lines, which sshd writes a handful of times per connection at most. */
    static final int MAX_REPEAT = 10_000;

    private static final Pattern REPEATED = Pattern.compile("message repeated (\\d{1,10}) times: \\[ ?(.*)\\]\\s*",
            Pattern.DOTALL);
    // Greedy user: the last " from <address> port <n>" that sshd's own suffix follows is the real one.
    private static final Pattern ATTEMPT = Pattern.compile(
            "(Failed|Accepted) (\\S+) for (invalid user )?(.*) from (\\S+) port (\\d{1,5})"
                    + "(?: ssh[12](?:: .*)?)?(?: \\[preauth\\])?\\s*", Pattern.DOTALL);
    private static final Pattern ATTEMPT_PREFIX = Pattern.compile("(?:Failed|Accepted) \\S+ for .*", Pattern.DOTALL);
    private static final Pattern INVALID_USER = Pattern.compile(
            "Invalid user (.*) from (\\S+)(?: port \\d{1,5})?(?: \\[preauth\\])?\\s*", Pattern.DOTALL);
    private static final String PAM_AUTH_FAILURE = "authentication failure;";
    // Located with find() and plain string work: a lazy ".*?" before trailing blanks is quadratic on long lines.
    private static final Pattern PAM_RHOST = Pattern.compile("\\srhost=(\\S*)");
    private static final Pattern PAM_USER = Pattern.compile("\\s+user=", Pattern.DOTALL);
    private static final Pattern PAM_MODULE_AUTH_FAILURE = Pattern.compile(
            "pam_[\\w-]+\\(sshd:auth\\): authentication failure;.*", Pattern.DOTALL);
    private static final Pattern PAM_MORE_FAILURES = Pattern.compile(
            "PAM \\d+ more authentication failures?;.*", Pattern.DOTALL);
    private static final Pattern PAM_MODULE_SESSION = Pattern.compile("pam_[\\w-]+\\(sshd:session\\).*",
            Pattern.DOTALL);

    private record Known(String prefix, String reason, boolean endsSession) {
    }

    // Checked in order against the message with any "error: " prefix removed.
    private static final List<Known> KNOWN = List.of(
            new Known("Connection closed by", ParseReason.SESSION_END, true),
            new Known("Connection reset by", ParseReason.SESSION_END, true),
            new Known("Received disconnect from", ParseReason.SESSION_END, true),
            new Known("Disconnected from", ParseReason.SESSION_END, true),
            new Known("Disconnecting", ParseReason.SESSION_END, true),
            new Known("Timeout before authentication", ParseReason.SESSION_END, true),
            new Known("Did not receive identification string", ParseReason.CONNECTION_INFO, true),
            new Known("Unable to negotiate", ParseReason.CONNECTION_INFO, true),
            new Known("kex_exchange_identification", ParseReason.CONNECTION_INFO, true),
            new Known("banner exchange", ParseReason.CONNECTION_INFO, true),
            new Known("Bad protocol version identification", ParseReason.CONNECTION_INFO, true),
            new Known("Protocol major versions differ", ParseReason.CONNECTION_INFO, true),
            new Known("reverse mapping checking getaddrinfo", ParseReason.CONNECTION_INFO, false),
            new Known("Address ", ParseReason.CONNECTION_INFO, false),
            new Known("Nasty PTR record", ParseReason.CONNECTION_INFO, false),
            new Known("Connection from", ParseReason.CONNECTION_INFO, false),
            new Known("Server listening on", ParseReason.CONNECTION_INFO, false),
            new Known("Received signal", ParseReason.CONNECTION_INFO, false),
            new Known("Received SIGHUP", ParseReason.CONNECTION_INFO, false),
            new Known("PAM: Authentication failure", ParseReason.DUPLICATE_OF_SSHD_FAILURE, false),
            new Known("PAM service(sshd) ignoring max retries", ParseReason.AUTH_DETAIL, false),
            new Known("maximum authentication attempts exceeded", ParseReason.AUTH_DETAIL, false),
            new Known("input_userauth_request:", ParseReason.AUTH_DETAIL, false),
            new Known("Postponed ", ParseReason.AUTH_DETAIL, false),
            new Known("Starting session:", ParseReason.SESSION_INFO, false),
            new Known("User child is on pid", ParseReason.SESSION_INFO, false),
            new Known("Close session:", ParseReason.SESSION_INFO, false));

    private static final String ERROR_PREFIX = "error: ";
    private static final String FATAL_PREFIX = "fatal: ";

    /**
     * @param pamDialect true for the {@code sshd(pam_unix)} program tag
     * @throws UnparseableLineException for a known attempt shape whose fields cannot be located
     */
    SshdMessage parse(boolean pamDialect, String message) {
        Matcher repeated = REPEATED.matcher(message);
        if (repeated.matches()) {
            return repeated(pamDialect, repeated.group(1), repeated.group(2));
        }
        return pamDialect ? pam(message) : sshd(message);
    }

    /**
     * @param countText up to 10 digits
     * @throws UnparseableLineException when outside 1..{@link #MAX_REPEAT}
     */
    static int repeatCount(String countText) {
        long count = Long.parseLong(countText);
        if (count < 1 || count > MAX_REPEAT) {
            throw new UnparseableLineException(ParseReason.REPEAT_COUNT_TOO_LARGE,
                    "repeat count " + count + " is outside 1.." + MAX_REPEAT);
        }
        return (int) count;
    }

    private static SshdMessage repeated(boolean pamDialect, String countText, String innerText) {
        int count = repeatCount(countText);
        SshdMessage inner = pamDialect ? pam(innerText) : sshd(innerText);
        // A repeated non-attempt is that same non-attempt (including a repeated session end).
        return inner instanceof SshdMessage.Other ? inner : new SshdMessage.Repeated(count, inner);
    }

    private static SshdMessage sshd(String message) {
        Matcher attempt = ATTEMPT.matcher(message);
        if (attempt.matches()) {
            AuthOutcome outcome = "Accepted".equals(attempt.group(1)) ? AuthOutcome.SUCCESS : AuthOutcome.FAILURE;
            return new SshdMessage.Attempt(outcome, attempt.group(2), attempt.group(3) != null,
                    userOrNull(attempt.group(4)), attempt.group(5));
        }
        if (ATTEMPT_PREFIX.matcher(message).matches()) {
            throw malformed("attempt line without \" from <address> port <n>\" at its end");
        }
        Matcher notice = INVALID_USER.matcher(message);
        if (notice.matches()) {
            return new SshdMessage.InvalidUserNotice(userOrNull(notice.group(1)), notice.group(2));
        }
        if (message.startsWith("Invalid user ")) {
            throw malformed("invalid-user notice without \" from <address>\" at its end");
        }
        if (PAM_MODULE_AUTH_FAILURE.matcher(message).matches() || PAM_MORE_FAILURES.matcher(message).matches()) {
            return new SshdMessage.Other(ParseReason.DUPLICATE_OF_SSHD_FAILURE, false);
        }
        if (message.startsWith("pam_")) {
            return new SshdMessage.Other(PAM_MODULE_SESSION.matcher(message).matches()
                    ? ParseReason.SESSION_INFO : ParseReason.AUTH_DETAIL, false);
        }
        boolean error = message.startsWith(ERROR_PREFIX);
        String body = error ? message.substring(ERROR_PREFIX.length()) : message;
        for (Known known : KNOWN) {
            if (body.startsWith(known.prefix())) {
                return new SshdMessage.Other(known.reason(), known.endsSession());
            }
        }
        if (message.startsWith(FATAL_PREFIX)) {
            // sshd's connection process exits after a fatal error.
            return new SshdMessage.Other(ParseReason.ERROR_MESSAGE, true);
        }
        if (error) {
            return new SshdMessage.Other(ParseReason.ERROR_MESSAGE, false);
        }
        return new SshdMessage.Other(ParseReason.UNKNOWN_SSHD_MESSAGE, false);
    }

    private static SshdMessage pam(String message) {
        if (message.startsWith(PAM_AUTH_FAILURE)) {
            return pamAuthFailure(message);
        }
        if (message.startsWith("check pass;")) {
            return new SshdMessage.Other(ParseReason.AUTH_DETAIL, false);
        }
        if (message.startsWith("session opened for user") || message.startsWith("session closed for user")) {
            return new SshdMessage.Other(ParseReason.SESSION_INFO, false);
        }
        return new SshdMessage.Other(ParseReason.UNKNOWN_SSHD_MESSAGE, false);
    }

    /** {@code authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=<host>[  user=<user>]} */
    private static SshdMessage pamAuthFailure(String message) {
        Matcher rhost = PAM_RHOST.matcher(message);
        if (!rhost.find()) {
            throw malformed("PAM authentication failure without \"rhost=\"");
        }
        String rest = message.substring(rhost.end());
        String user = null;
        if (!rest.isBlank()) {
            Matcher userField = PAM_USER.matcher(rest);
            if (!userField.lookingAt()) {
                throw malformed("PAM authentication failure with unexpected text after \"rhost=\"");
            }
            // pam_unix writes user= only for accounts that exist.
            user = userOrNull(rest.substring(userField.end()).stripTrailing());
        }
        if (rhost.group(1).isEmpty()) {
            return new SshdMessage.Other(ParseReason.NO_SOURCE, false);
        }
        return new SshdMessage.Attempt(AuthOutcome.FAILURE, "password", false, user, rhost.group(1));
    }

    /**
     * Scanners send empty and all-blank user names. Canonical events take a blank field for a broken producer, so
     * such a name is recorded as "no user" and the attempt still counts; a name with blanks around text (" 0101")
     * is kept exactly.
     */
    private static String userOrNull(String user) {
        return user == null || user.isBlank() ? null : user;
    }

    private static UnparseableLineException malformed(String what) {
        return new UnparseableLineException(ParseReason.MALFORMED_SSHD_MESSAGE, "sshd " + what);
    }
}
