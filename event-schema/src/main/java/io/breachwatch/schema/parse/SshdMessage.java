package io.breachwatch.schema.parse;

import io.breachwatch.schema.AuthOutcome;

/**
 * What the text of one sshd log message says, before it is tied to a time, host and line. Only the shapes that
 * matter for counting authentication attempts are told apart; everything else is {@link Other} with its reason.
 */
sealed interface SshdMessage {

    /**
     * sshd decided an authentication attempt: {@code Failed …}, {@code Accepted …}, or the older PAM-only dialect's
     * {@code authentication failure}.
     *
     * @param user        as logged; null when the log names no user or a blank one
     * @param invalidUser true when sshd said the account does not exist
     */
    record Attempt(AuthOutcome outcome, String method, boolean invalidUser, String user, String source)
            implements SshdMessage {
    }

    /**
     * {@code Invalid user <user> from <source>}: announces the attempt line that normally follows.
     *
     * @param user as logged; null when blank
     */
    record InvalidUserNotice(String user, String source) implements SshdMessage {
    }

    /** rsyslog's {@code message repeated N times: [ <inner>]}: {@code count} more occurrences of {@code inner}. */
    record Repeated(int count, SshdMessage inner) implements SshdMessage {
    }

    /**
     * A message that is no attempt.
     *
     * @param reason      an ignored-reason from {@link ParseReason#IGNORED}
     * @param endsSession the sshd process of this connection is done, so nothing more will follow for its pid
     */
    record Other(String reason, boolean endsSession) implements SshdMessage {
    }
}
