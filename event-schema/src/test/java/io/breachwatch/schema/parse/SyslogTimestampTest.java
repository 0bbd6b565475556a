package io.breachwatch.schema.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.schema.CanonicalEvent;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** BSD syslog timestamps have no year and no zone; line endings and blank lines vary by producer. */
class SyslogTimestampTest {

    private static final String FAILURE = " bastion sshd[1]: Failed password for root from 203.0.113.7 port 5 ssh2";

    @Test
    void yearAdvancesWhenTheMonthWrapsAroundNewYear() {
        // Given a log that starts in December 2015 and runs into January
        ParseRun run = ParseRun.lines(parser(2015, ZoneOffset.UTC),
                "Dec 31 23:59:58" + FAILURE,
                "Jan  1 00:00:01" + FAILURE,
                "Feb  3 10:00:00" + FAILURE);

        assertThat(run.events).extracting(CanonicalEvent::timestamp).containsExactly(
                Instant.parse("2015-12-31T23:59:58Z"),
                Instant.parse("2016-01-01T00:00:01Z"),
                Instant.parse("2016-02-03T10:00:00Z"));
    }

    @Test
    void lineSlightlyOutOfOrderAcrossAMonthOrTheNewYearKeepsItsYear() {
        // Given lines merged from two hosts, one a little late across a month end and across new year
        ParseRun run = ParseRun.lines(parser(2015, ZoneOffset.UTC),
                "Nov 30 23:59:59" + FAILURE,
                "Dec  1 00:00:01" + FAILURE,
                "Nov 30 23:59:59" + FAILURE,
                "Jan  1 00:00:01" + FAILURE,
                "Dec 31 23:59:59" + FAILURE,
                "Jan  1 00:00:02" + FAILURE);

        // Then no line is pushed a year into the future, and the year advances exactly once
        assertThat(run.events).extracting(CanonicalEvent::timestamp).containsExactly(
                Instant.parse("2015-11-30T23:59:59Z"),
                Instant.parse("2015-12-01T00:00:01Z"),
                Instant.parse("2015-11-30T23:59:59Z"),
                Instant.parse("2016-01-01T00:00:01Z"),
                Instant.parse("2015-12-31T23:59:59Z"),
                Instant.parse("2016-01-01T00:00:02Z"));
    }

    @Test
    void singleDigitDayMayBePaddedWithABlankOrNot() {
        ParseRun run = ParseRun.lines(parser(2005, ZoneOffset.UTC),
                "Jun  9 06:00:00" + FAILURE,
                "Jun 9 06:00:01" + FAILURE,
                "Jun 09 06:00:02" + FAILURE);

        assertThat(run.events).extracting(CanonicalEvent::timestamp).containsExactly(
                Instant.parse("2005-06-09T06:00:00Z"),
                Instant.parse("2005-06-09T06:00:01Z"),
                Instant.parse("2005-06-09T06:00:02Z"));
    }

    @Test
    void localTimeIsReadInTheConfiguredZone() {
        ParseRun run = ParseRun.lines(parser(2015, ZoneId.of("Asia/Shanghai")), "Dec 10 09:32:20" + FAILURE);

        assertThat(run.events).extracting(CanonicalEvent::timestamp)
                .containsExactly(Instant.parse("2015-12-10T01:32:20Z"));
    }

    @Test
    void crlfAndLfAndBlankLinesAreAllRead() {
        // Given CRLF, LF, bare lines and blank lines
        ParseRun run = ParseRun.lines(parser(2015, ZoneOffset.UTC),
                "Dec 10 06:00:00 bastion sshd[1]: Failed password for invalid user  0101 from 203.0.113.7 port 5 ssh2\r\n",
                "Dec 10 06:00:01 bastion sshd[1]: Failed password for root from 203.0.113.7 port 5 ssh2\r",
                "\r",
                "",
                "Dec 10 06:00:02 bastion sshd[1]: Failed password for root from 203.0.113.8 port 5 ssh2\n");

        // Then the terminators are not part of any field and the blank lines are counted as blank
        assertThat(run.authEvents()).extracting(e -> e.user() + "|" + e.sourceIp())
                .containsExactly(" 0101|203.0.113.7", "root|203.0.113.7", "root|203.0.113.8");
        assertThat(run.stats.lines(ParseResult.Status.IGNORED, ParseReason.BLANK_LINE)).isEqualTo(2);
    }

    @Test
    void priorityPrefixFromANetworkSyslogIsSkipped() {
        ParseRun run = ParseRun.lines(parser(2015, ZoneOffset.UTC), "<38>Dec 10 06:00:00" + FAILURE);

        assertThat(run.events).hasSize(1);
    }

    @Test
    void dateThatDoesNotExistInTheInferredYearIsUnparseable() {
        // Given 2015, a common year
        ParseResult result = parser(2015, ZoneOffset.UTC).parse("Feb 29 10:00:00" + FAILURE, 1);

        assertThat(result.reason()).isEqualTo(ParseReason.INVALID_TIMESTAMP);
    }

    private static SshdSyslogParser parser(int year, ZoneId zone) {
        return new SshdSyslogParser("auth.log", year, zone);
    }
}
