package io.breachwatch.schema.parse;

import static io.breachwatch.schema.parse.ParseResult.Status.EVENT;
import static io.breachwatch.schema.parse.ParseResult.Status.IGNORED;
import static io.breachwatch.schema.parse.ParseResult.Status.UNPARSEABLE;
import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.AuthOutcome;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each sshd line shape, from hand-written lines in the style of a 2015 OpenSSH server and a 2005 PAM dialect. */
class SshdSyslogParserTest {

    private static final String HOST = "bastion";

    /** One line, what it must be read as, and why. */
    record Fixture(String line, ParseResult.Status status, String reason, String why) {
        @Override
        public String toString() {
            return why;
        }
    }

    static Stream<Fixture> catalogue() {
        return Stream.of(
                new Fixture("Dec 10 06:55:48 bastion sshd[24200]: Failed password for root from 203.0.113.7 port 50000 ssh2",
                        EVENT, null, "failed password, existing user"),
                new Fixture("Dec 10 06:55:48 bastion sshd[24200]: Failed password for invalid user oracle from 203.0.113.7 port 50000 ssh2",
                        EVENT, null, "failed password, invalid user"),
                new Fixture("Dec 10 06:55:48 bastion sshd[24200]: Failed none for invalid user 0 from 203.0.113.7 port 50000 ssh2",
                        EVENT, null, "failed none"),
                new Fixture("Dec 10 06:55:48 bastion sshd[24200]: Accepted publickey for deploy from 198.51.100.2 port 40022 ssh2: RSA SHA256:AAAAB3Nza",
                        EVENT, null, "accepted publickey with key suffix"),
                new Fixture("Dec 10 06:55:48 bastion sshd[24200]: message repeated 2 times: [ Failed password for root from 203.0.113.7 port 50000 ssh2]",
                        EVENT, null, "rsyslog repeat of a failure"),
                new Fixture("Dec 10 06:55:48 bastion sshd[24200]: Invalid user oracle from 203.0.113.7",
                        ParseResult.Status.PENDING, ParseReason.INVALID_USER_NOTICE, "invalid-user notice is held"),
                new Fixture("Dec 10 06:55:48 bastion sshd[24200]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.7  user=root",
                        IGNORED, ParseReason.DUPLICATE_OF_SSHD_FAILURE, "PAM restates sshd's Failed line"),
                new Fixture("Dec 10 06:55:48 bastion sshd[24200]: PAM 5 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.7  user=root",
                        IGNORED, ParseReason.DUPLICATE_OF_SSHD_FAILURE, "PAM summary of Failed lines"),
                new Fixture("Dec 10 06:55:48 bastion sshd[24200]: pam_unix(sshd:auth): check pass; user unknown",
                        IGNORED, ParseReason.AUTH_DETAIL, "PAM user unknown"),
                new Fixture("Dec 10 06:55:48 bastion sshd[24200]: input_userauth_request: invalid user oracle [preauth]",
                        IGNORED, ParseReason.AUTH_DETAIL, "userauth request"),
                new Fixture("Dec 10 06:55:48 bastion sshd[24200]: PAM service(sshd) ignoring max retries; 6 > 3",
                        IGNORED, ParseReason.AUTH_DETAIL, "PAM retry limit"),
                new Fixture("Dec 10 06:55:48 bastion sshd[24200]: pam_unix(sshd:session): session opened for user deploy by (uid=0)",
                        IGNORED, ParseReason.SESSION_INFO, "PAM session"),
                new Fixture("Dec 10 06:55:48 bastion sshd[24200]: Connection closed by 203.0.113.7 [preauth]",
                        IGNORED, ParseReason.SESSION_END, "connection closed"),
                new Fixture("Dec 10 06:55:48 bastion sshd[24200]: Received disconnect from 203.0.113.7: 11: Bye Bye [preauth]",
                        IGNORED, ParseReason.SESSION_END, "received disconnect"),
                new Fixture("Dec 10 06:55:48 bastion sshd[24200]: error: Received disconnect from 203.0.113.7: 3: com.jcraft.jsch.JSchException: Auth fail [preauth]",
                        IGNORED, ParseReason.SESSION_END, "received disconnect logged as error"),
                new Fixture("Dec 10 06:55:48 bastion sshd[24200]: Disconnecting: Too many authentication failures for root [preauth]",
                        IGNORED, ParseReason.SESSION_END, "sshd's lockout disconnect"),
                new Fixture("Dec 10 06:55:48 bastion sshd[24200]: reverse mapping checking getaddrinfo for host.example [203.0.113.7] failed - POSSIBLE BREAK-IN ATTEMPT!",
                        IGNORED, ParseReason.CONNECTION_INFO, "reverse DNS mismatch"),
                new Fixture("Dec 10 06:55:48 bastion sshd[24200]: Did not receive identification string from 203.0.113.7",
                        IGNORED, ParseReason.CONNECTION_INFO, "port scan without SSH banner"),
                new Fixture("Dec 10 06:55:48 bastion sshd[24200]: fatal: Write failed: Connection reset by peer [preauth]",
                        IGNORED, ParseReason.ERROR_MESSAGE, "fatal error"),
                new Fixture("Dec 10 06:55:48 bastion sshd[24200]: error: Could not load host key: /etc/ssh/ssh_host_ed25519_key",
                        IGNORED, ParseReason.ERROR_MESSAGE, "other error"),
                new Fixture("Dec 10 06:55:48 bastion sshd[24200]: Something sshd 12 might say one day",
                        IGNORED, ParseReason.UNKNOWN_SSHD_MESSAGE, "unknown sshd text is counted"),
                new Fixture("Jun 15 02:04:59 combo sshd(pam_unix)[20882]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=220-135-151-1.hinet-ip.hinet.net  user=root",
                        EVENT, null, "PAM-only dialect failure"),
                new Fixture("Jun 15 02:04:59 combo sshd(pam_unix)[20882]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost= ",
                        IGNORED, ParseReason.NO_SOURCE, "PAM-only dialect failure without remote host"),
                new Fixture("Jun 15 02:04:59 combo sshd(pam_unix)[20882]: authentication failure; logname= uid=0 euid=0",
                        UNPARSEABLE, ParseReason.MALFORMED_SSHD_MESSAGE, "PAM-only dialect failure without rhost"),
                new Fixture("Jun 15 02:04:59 combo sshd(pam_unix)[20882]: check pass; user unknown",
                        IGNORED, ParseReason.AUTH_DETAIL, "PAM-only dialect user unknown"),
                new Fixture("Jun 17 04:05:09 combo sshd(pam_unix)[30553]: session opened for user test by (uid=508)",
                        IGNORED, ParseReason.SESSION_INFO, "PAM-only dialect session opened"),
                new Fixture("Jun 17 04:05:10 combo sshd(pam_unix)[30553]: session closed for user test",
                        IGNORED, ParseReason.SESSION_INFO, "PAM-only dialect session closed"),
                new Fixture("Jul 11 11:33:13 combo gdm(pam_unix)[2803]: authentication failure; logname= uid=0 euid=0 tty=:0 ruser= rhost= ",
                        IGNORED, ParseReason.NOT_SSHD, "console login failure is not sshd"),
                new Fixture("Jun 17 07:07:00 combo ftpd[29504]: connection from 24.54.76.216 (24-54-76-216.bflony.adelphia.net) at Fri Jun 17 07:07:00 2005",
                        IGNORED, ParseReason.NOT_SSHD, "other program"),
                new Fixture("Jun 19 04:09:11 combo syslogd 1.4.1: restart.",
                        IGNORED, ParseReason.NOT_SSHD, "message without program tag"),
                new Fixture("Jul  7 08:06:15 combo  -- root[2421]: ROOT LOGIN ON tty2",
                        IGNORED, ParseReason.NOT_SSHD, "double blank after host"),
                new Fixture("", IGNORED, ParseReason.BLANK_LINE, "empty line"),
                new Fixture("   \t", IGNORED, ParseReason.BLANK_LINE, "blank line"),
                new Fixture("GET /index.html HTTP/1.1", UNPARSEABLE, ParseReason.NOT_SYSLOG, "not syslog"),
                new Fixture("Feb 30 10:00:00 bastion sshd[1]: Connection closed by 203.0.113.7",
                        UNPARSEABLE, ParseReason.INVALID_TIMESTAMP, "date that does not exist"),
                new Fixture("Dec 10 06:55:48 bastion sshd[24200]: Failed password for root from 203.0.113.7",
                        UNPARSEABLE, ParseReason.MALFORMED_SSHD_MESSAGE, "failure without port is truncated"),
                new Fixture("Dec 10 06:55:48 bastion sshd[24200]: Invalid user oracle",
                        UNPARSEABLE, ParseReason.MALFORMED_SSHD_MESSAGE, "notice without source is truncated"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogue")
    void readsEachLineShapeWithItsStatusAndReason(Fixture fixture) {
        // Given a fresh parser
        SshdSyslogParser parser = newParser();

        // When the line is parsed
        ParseResult result = parser.parse(fixture.line(), 1);

        // Then
        assertThat(result.status()).as(fixture.why()).isEqualTo(fixture.status());
        assertThat(result.reason()).as(fixture.why()).isEqualTo(fixture.reason());
        if (fixture.status() == UNPARSEABLE) {
            assertThat(result.message()).as("the message never quotes the line").doesNotContain("203.0.113.7");
        }
    }

    @Test
    void failedPasswordForExistingUserIsBadPassword() {
        ParseRun run = ParseRun.lines(newParser(),
                "Dec 10 06:55:48 bastion sshd[24200]: Failed password for root from 203.0.113.7 port 50000 ssh2");

        assertThat(run.events).containsExactly(
                failure("auth.log:1", "2015-12-10T06:55:48Z", "root", "203.0.113.7", "password", "bad_password"));
    }

    @Test
    void failedPasswordForInvalidUserIsInvalidUser() {
        ParseRun run = ParseRun.lines(newParser(),
                "Dec 10 06:55:48 bastion sshd[24200]: Failed password for invalid user oracle from 203.0.113.7 port 50000 ssh2");

        assertThat(run.events).containsExactly(
                failure("auth.log:1", "2015-12-10T06:55:48Z", "oracle", "203.0.113.7", "password", "invalid_user"));
    }

    @Test
    void userNameWithLeadingSpaceKeepsTheSpace() {
        // Given the two blanks sshd writes for the user " 0101"
        ParseRun run = ParseRun.lines(newParser(),
                "Dec 10 08:24:35 bastion sshd[24300]: Failed password for invalid user  0101 from 203.0.113.9 port 36279 ssh2");

        // Then the user is read up to " from", not as the first non-blank word
        assertThat(run.authEvents()).singleElement().extracting(AuthEvent::user).isEqualTo(" 0101");
    }

    @Test
    void emptyOrBlankUserNameStillCountsAsAnAttemptWithoutUser() {
        // Given scanners that send an empty and an all-blank user name
        ParseRun run = ParseRun.lines(newParser(),
                "Dec 10 08:24:35 bastion sshd[24300]: Invalid user  from 203.0.113.9 port 36279",
                "Dec 10 08:24:36 bastion sshd[24300]: Failed none for invalid user  from 203.0.113.9 port 36279 ssh2",
                "Dec 10 08:24:37 bastion sshd[24301]: Failed password for invalid user    from 203.0.113.9 port 36280 ssh2");

        // Then both attempts count, with no user rather than a blank one
        assertThat(run.events).containsExactly(
                failure("auth.log:2", "2015-12-10T08:24:36Z", null, "203.0.113.9", "none", "invalid_user"),
                failure("auth.log:3", "2015-12-10T08:24:37Z", null, "203.0.113.9", "password", "invalid_user"));
    }

    @Test
    void userNameContainingSpacesAndAFakeSourceIsReadFromTheRight() {
        // Given an attacker who puts " from <ip> port <n>" into the user name
        ParseRun run = ParseRun.lines(newParser(),
                "Dec 10 08:24:35 bastion sshd[24300]: Failed password for invalid user a b from 6.6.6.6 port 1 ssh2 from 203.0.113.9 port 36279 ssh2");

        // Then the source is the one sshd wrote last
        assertThat(run.events).containsExactly(failure("auth.log:1", "2015-12-10T08:24:35Z",
                "a b from 6.6.6.6 port 1 ssh2", "203.0.113.9", "password", "invalid_user"));
    }

    @Test
    void otherMethodsKeepTheirName() {
        ParseRun run = ParseRun.lines(newParser(),
                "Dec 10 08:24:40 bastion sshd[1]: Failed none for invalid user 0 from 203.0.113.9 port 49811 ssh2",
                "Dec 10 08:24:41 bastion sshd[2]: Failed publickey for git from 203.0.113.9 port 49812 ssh2: ED25519 SHA256:abc",
                "Dec 10 08:24:42 bastion sshd[3]: Failed keyboard-interactive/pam for root from 203.0.113.9 port 49813 ssh2",
                "Dec 10 08:24:43 bastion sshd[4]: Failed none for root from 203.0.113.9 port 49814 ssh2");

        assertThat(run.events).containsExactly(
                failure("auth.log:1", "2015-12-10T08:24:40Z", "0", "203.0.113.9", "none", "invalid_user"),
                failure("auth.log:2", "2015-12-10T08:24:41Z", "git", "203.0.113.9", "publickey", "bad_key"),
                failure("auth.log:3", "2015-12-10T08:24:42Z", "root", "203.0.113.9", "keyboard-interactive/pam",
                        "bad_password"),
                failure("auth.log:4", "2015-12-10T08:24:43Z", "root", "203.0.113.9", "none", null));
    }

    @Test
    void acceptedLinesAreSuccesses() {
        ParseRun run = ParseRun.lines(newParser(),
                "Dec 10 09:32:20 bastion sshd[24680]: Accepted password for alice from 198.51.100.2 port 49116 ssh2",
                "Dec 10 09:33:00 bastion sshd[24681]: Accepted publickey for deploy from 2001:db8::5 port 40022 ssh2: RSA SHA256:AAAAB3Nza",
                "Dec 10 09:34:00 bastion sshd[24682]: Accepted keyboard-interactive/pam for bob from 198.51.100.3 port 40023 ssh2");

        assertThat(run.events).containsExactly(
                success("auth.log:1", "2015-12-10T09:32:20Z", "alice", "198.51.100.2", "password"),
                success("auth.log:2", "2015-12-10T09:33:00Z", "deploy", "2001:db8::5", "publickey"),
                success("auth.log:3", "2015-12-10T09:34:00Z", "bob", "198.51.100.3", "keyboard-interactive/pam"));
    }

    @Test
    void messageRepeatedStandsForThatManyMoreFailuresAtItsOwnTime() {
        // Given one failure and rsyslog's fold of the 3 identical ones that followed
        ParseRun run = ParseRun.lines(newParser(),
                "Dec 10 07:13:43 bastion sshd[24227]: Failed password for root from 203.0.113.76 port 42393 ssh2",
                "Dec 10 07:13:56 bastion sshd[24227]: message repeated 3 times: [ Failed password for root from 203.0.113.76 port 42393 ssh2]");

        // Then 4 failures; the folded ones carry the repeat line's time and a #k suffix
        assertThat(run.events).containsExactly(
                failure("auth.log:1", "2015-12-10T07:13:43Z", "root", "203.0.113.76", "password", "bad_password"),
                failure("auth.log:2#1", "2015-12-10T07:13:56Z", "root", "203.0.113.76", "password", "bad_password"),
                failure("auth.log:2#2", "2015-12-10T07:13:56Z", "root", "203.0.113.76", "password", "bad_password"),
                failure("auth.log:2#3", "2015-12-10T07:13:56Z", "root", "203.0.113.76", "password", "bad_password"));
    }

    @Test
    void sysklogdLastMessageRepeatedCopiesThePreviousFailure() {
        // Given the old sysklogd fold, which has no program tag and refers to the line before it
        ParseRun run = ParseRun.lines(newParser(),
                "Jun 15 02:04:59 combo sshd(pam_unix)[20882]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=203.0.113.20  user=root",
                "Jun 15 02:05:30 combo last message repeated 2 times",
                "Jun 15 02:06:30 combo last message repeated 1 time",
                "Jun 15 02:07:00 combo ftpd[1]: connection from 203.0.113.21 () at Wed Jun 15 02:07:00 2005",
                "Jun 15 02:07:30 combo last message repeated 4 times");

        // Then both folds after the failure count; the one after the ftpd line does not
        assertThat(run.events).extracting(e -> e.eventId() + "@" + e.timestamp()).containsExactly(
                "auth.log:1@2015-06-15T02:04:59Z",
                "auth.log:2#1@2015-06-15T02:05:30Z", "auth.log:2#2@2015-06-15T02:05:30Z",
                "auth.log:3@2015-06-15T02:06:30Z");
        assertThat(run.result(5).reason()).isEqualTo(ParseReason.REPEAT_WITHOUT_EVENT);
    }

    @Test
    void pamDialectFailureIsTheOnlyRecordOfTheAttempt() {
        ParseRun run = ParseRun.lines(new SshdSyslogParser("messages", 2005, ZoneOffset.UTC),
                "Jun 15 02:04:59 combo sshd(pam_unix)[20882]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=220-135-151-1.hinet-ip.hinet.net  user=root",
                "Jun 14 15:16:01 combo sshd(pam_unix)[19939]: check pass; user unknown",
                "Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=218.188.2.4 ");

        assertThat(run.events).containsExactly(
                new AuthEvent("messages:1", Instant.parse("2005-06-15T02:04:59Z"), "root",
                        "220-135-151-1.hinet-ip.hinet.net", AuthOutcome.FAILURE, "password", "bad_password", "sshd",
                        "combo"),
                new AuthEvent("messages:3", Instant.parse("2005-06-14T15:16:01Z"), null, "218.188.2.4",
                        AuthOutcome.FAILURE, "password", "bad_password", "sshd", "combo"));
    }

    @Test
    void sshdSessionProgramOfNewerOpensshIsSshd() {
        ParseRun run = ParseRun.lines(newParser(),
                "Dec 10 06:55:48 bastion sshd-session[900]: Failed password for root from 203.0.113.7 port 50000 ssh2");

        assertThat(run.authEvents()).singleElement().extracting(AuthEvent::service, AuthEvent::host)
                .containsExactly("sshd", HOST);
    }

    @Test
    void rfc3339TimestampsCarryTheirOwnYearAndZone() {
        ParseRun run = ParseRun.lines(newParser(),
                "2024-05-01T10:00:00.123456+02:00 bastion sshd[1]: Failed password for root from 203.0.113.7 port 5 ssh2");

        assertThat(run.authEvents()).singleElement().extracting(AuthEvent::timestamp)
                .isEqualTo(Instant.parse("2024-05-01T08:00:00.123456Z"));
    }

    @Test
    void fieldBeyondTheEventLimitMakesTheLineUnparseableInsteadOfThrowing() {
        // Given a host name longer than the 255 characters an AuthEvent allows
        String host = "h".repeat(300);

        ParseResult result = newParser().parse(
                "Dec 10 06:55:48 " + host + " sshd[1]: Failed password for root from 203.0.113.7 port 5 ssh2", 1);

        assertThat(result.status()).isEqualTo(UNPARSEABLE);
        assertThat(result.reason()).isEqualTo(ParseReason.INVALID_FIELD);
        assertThat(result.message()).contains("host").doesNotContain(host);
    }

    @Test
    void longSourceNamesAreShortenedToKeepIdsWithinTheLimit() {
        // Given two long source names that differ only at their end
        String prefix = "/var/log/remote/" + "very-long-directory-name/".repeat(8);
        SshdSyslogParser first = new SshdSyslogParser(prefix + "a.log", 2015, ZoneOffset.UTC);
        SshdSyslogParser second = new SshdSyslogParser(prefix + "b.log", 2015, ZoneOffset.UTC);
        String line = "Dec 10 07:13:56 bastion sshd[1]: message repeated 3 times: "
                + "[ Failed password for root from 203.0.113.76 port 42393 ssh2]";

        // When both parse a line at the largest line number
        String firstId = first.parse(line, Long.MAX_VALUE).events().get(2).eventId();
        String secondId = second.parse(line, Long.MAX_VALUE).events().get(2).eventId();

        // Then the ids fit, stay distinct, and are deterministic
        assertThat(firstId).hasSizeLessThanOrEqualTo(128).endsWith(":" + Long.MAX_VALUE + "#3");
        assertThat(secondId).hasSizeLessThanOrEqualTo(128).isNotEqualTo(firstId);
        assertThat(new SshdSyslogParser(prefix + "a.log", 2015, ZoneOffset.UTC).parse(line, Long.MAX_VALUE)
                .events().get(2).eventId()).isEqualTo(firstId);
    }

    static SshdSyslogParser newParser() {
        return new SshdSyslogParser("auth.log", 2015, ZoneOffset.UTC);
    }

    static AuthEvent failure(String id, String time, String user, String ip, String method, String reason) {
        return new AuthEvent(id, Instant.parse(time), user, ip, AuthOutcome.FAILURE, method, reason, "sshd", HOST);
    }

    static AuthEvent success(String id, String time, String user, String ip, String method) {
        return new AuthEvent(id, Instant.parse(time), user, ip, AuthOutcome.SUCCESS, method, null, "sshd", HOST);
    }

    static List<String> ids(ParseRun run) {
        return run.events.stream().map(e -> e.eventId()).toList();
    }
}
