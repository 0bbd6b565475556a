package io.breachwatch.schema.parse;

import static io.breachwatch.schema.parse.SshdSyslogParserTest.failure;
import static io.breachwatch.schema.parse.SshdSyslogParserTest.newParser;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * sshd's {@code Invalid user} notice and the attempt line of the same sshd process describe one probe: it must count
 * once whether or not the attempt line follows.
 */
class SshdInvalidUserFoldTest {

    @Test
    void noticeFollowedByItsFailedLineCountsOnce() {
        // Given a probe of a non-existent account, logged as notice + attempt
        ParseRun run = ParseRun.lines(newParser(),
                "Dec 10 06:55:46 bastion sshd[24200]: Invalid user webmaster from 203.0.113.5",
                "Dec 10 06:55:46 bastion sshd[24200]: input_userauth_request: invalid user webmaster [preauth]",
                "Dec 10 06:55:48 bastion sshd[24200]: Failed password for invalid user webmaster from 203.0.113.5 port 38152 ssh2",
                "Dec 10 06:55:48 bastion sshd[24200]: Connection closed by 203.0.113.5 [preauth]");

        // Then the attempt line is the one event; the notice was held and consumed, the disconnect releases nothing
        assertThat(run.events).containsExactly(failure("auth.log:3", "2015-12-10T06:55:48Z", "webmaster",
                "203.0.113.5", "password", "invalid_user"));
        assertThat(run.result(1).status()).isEqualTo(ParseResult.Status.PENDING);
        assertThat(run.result(1).reason()).isEqualTo(ParseReason.INVALID_USER_NOTICE);
        assertThat(run.result(4).events()).isEmpty();
    }

    @Test
    void everyFailedLineOfTheSessionIsItsOwnAttempt() {
        ParseRun run = ParseRun.lines(newParser(),
                "Dec 10 06:55:46 bastion sshd[24200]: Invalid user admin from 203.0.113.5 port 38152",
                "Dec 10 06:55:46 bastion sshd[24200]: Failed none for invalid user admin from 203.0.113.5 port 38152 ssh2",
                "Dec 10 06:55:48 bastion sshd[24200]: Failed password for invalid user admin from 203.0.113.5 port 38152 ssh2",
                "Dec 10 06:55:50 bastion sshd[24200]: Failed password for invalid user admin from 203.0.113.5 port 38152 ssh2");

        assertThat(SshdSyslogParserTest.ids(run)).containsExactly("auth.log:2", "auth.log:3", "auth.log:4");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "Connection closed by 203.0.113.5 [preauth]",
        "Connection closed by invalid user admin 203.0.113.5 port 38152 [preauth]",
        "Received disconnect from 203.0.113.5: 11: Bye Bye [preauth]",
        "error: Received disconnect from 203.0.113.5: 3: com.jcraft.jsch.JSchException: Auth fail [preauth]",
        "Disconnecting: Too many authentication failures for admin [preauth]",
        "Disconnected from invalid user admin 203.0.113.5 port 38152 [preauth]",
        "fatal: Write failed: Connection reset by peer [preauth]"})
    void noticeWithoutAttemptLineBecomesAFailureWhenItsSessionEnds(String sessionEnd) {
        // Given a notice, and the session ends without an attempt line (the client gave up at the user name)
        ParseRun run = ParseRun.lines(newParser(),
                "Dec 10 06:55:46 bastion sshd[24200]: Invalid user admin from 203.0.113.5",
                "Dec 10 06:55:46 bastion sshd[24200]: input_userauth_request: invalid user admin [preauth]",
                "Dec 10 06:55:59 bastion sshd[24200]: " + sessionEnd);

        // Then one failure at the notice's time and line, released by the session's end
        assertThat(run.result(3).events()).containsExactly(
                failure("auth.log:1", "2015-12-10T06:55:46Z", "admin", "203.0.113.5", "none", "invalid_user"));
        assertThat(run.finished).isEmpty();
    }

    @Test
    void noticesOfOtherPidsAndHostsAreNotTouched() {
        // Given notices of two connections, and another connection's attempt and disconnect
        ParseRun run = ParseRun.lines(newParser(),
                "Dec 10 06:55:46 bastion sshd[100]: Invalid user admin from 203.0.113.5",
                "Dec 10 06:55:46 bastion sshd[101]: Invalid user guest from 203.0.113.6",
                "Dec 10 06:55:47 jumphost sshd[100]: Failed password for invalid user oracle from 203.0.113.7 port 1 ssh2",
                "Dec 10 06:55:47 bastion sshd[102]: Connection closed by 203.0.113.8 [preauth]",
                "Dec 10 06:55:48 bastion sshd[101]: Failed password for invalid user guest from 203.0.113.6 port 2 ssh2");

        // Then pid 101's notice folds into its attempt; pid 100's is still held and released at the end of input
        assertThat(SshdSyslogParserTest.ids(run)).containsExactly("auth.log:3", "auth.log:5", "auth.log:1");
        assertThat(run.finished).extracting(e -> e.eventId()).containsExactly("auth.log:1");
    }

    @Test
    void noticeStillHeldAtEndOfInputIsReleasedByFinish() {
        SshdSyslogParser parser = newParser();
        parser.parse("Dec 10 11:04:45 bastion sshd[25500]: Invalid user test from 203.0.113.5", 7);

        assertThat(parser.finish()).containsExactly(
                failure("auth.log:7", "2015-12-10T11:04:45Z", "test", "203.0.113.5", "none", "invalid_user"));
        assertThat(parser.finish()).as("finish releases each notice once").isEmpty();
    }

    @Test
    void oldestNoticeIsReleasedWhenTheLimitIsReached() {
        // Given room for two held notices
        SshdSyslogParser parser = new SshdSyslogParser("auth.log", 2015, ZoneOffset.UTC, 2);
        parser.parse("Dec 10 06:00:01 bastion sshd[1]: Invalid user a from 203.0.113.1", 1);
        parser.parse("Dec 10 06:00:02 bastion sshd[2]: Invalid user b from 203.0.113.2", 2);

        // When a third connection's notice arrives
        ParseResult third = parser.parse("Dec 10 06:00:03 bastion sshd[3]: Invalid user c from 203.0.113.3", 3);

        // Then the first is released as its own failure, and the others stay held
        assertThat(third.status()).isEqualTo(ParseResult.Status.PENDING);
        assertThat(third.events()).containsExactly(
                failure("auth.log:1", "2015-12-10T06:00:01Z", "a", "203.0.113.1", "none", "invalid_user"));
        assertThat(parser.finish()).extracting(e -> e.eventId()).containsExactly("auth.log:2", "auth.log:3");
    }

    @Test
    void staleNoticeOfAReusedPidFromAnotherAddressCountsOnItsOwn() {
        // Given a notice whose session end was lost, and a later connection that got the same pid
        ParseRun run = ParseRun.lines(newParser(),
                "Dec 10 06:00:01 bastion sshd[500]: Invalid user a from 203.0.113.1",
                "Dec 10 09:00:00 bastion sshd[500]: Failed password for invalid user b from 203.0.113.2 port 9 ssh2");

        assertThat(run.result(2).events()).containsExactly(
                failure("auth.log:1", "2015-12-10T06:00:01Z", "a", "203.0.113.1", "none", "invalid_user"),
                failure("auth.log:2", "2015-12-10T09:00:00Z", "b", "203.0.113.2", "password", "invalid_user"));
    }

    @Test
    void secondNoticeOfTheSameConnectionReleasesTheFirst() {
        ParseRun run = ParseRun.lines(newParser(),
                "Dec 10 06:00:01 bastion sshd[500]: Invalid user a from 203.0.113.1",
                "Dec 10 06:00:02 bastion sshd[500]: Invalid user b from 203.0.113.1");

        assertThat(run.result(2).events()).extracting(e -> e.eventId()).containsExactly("auth.log:1");
        assertThat(run.finished).extracting(e -> e.eventId()).containsExactly("auth.log:2");
    }
}
