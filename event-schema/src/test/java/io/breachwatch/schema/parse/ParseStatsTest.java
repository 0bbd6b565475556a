package io.breachwatch.schema.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.breachwatch.schema.EventType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every line is counted exactly once by status and reason, and unparseable lines can be found again. */
class ParseStatsTest {

    @Test
    void countsLinesByStatusAndReasonAndEventsByType() {
        // Given a small input with each kind of line
        ParseRun run = ParseRun.lines(SshdSyslogParserTest.newParser(),
                "Dec 10 06:55:46 bastion sshd[1]: Invalid user admin from 203.0.113.5",
                "Dec 10 06:55:47 bastion sshd[2]: Failed password for root from 203.0.113.6 port 5 ssh2",
                "Dec 10 06:55:48 bastion sshd[2]: message repeated 2 times: [ Failed password for root from 203.0.113.6 port 5 ssh2]",
                "Dec 10 06:55:49 bastion kernel: eth0: link up",
                "not a syslog line",
                "Dec 10 06:55:50 bastion sshd[3]: Failed password for root from",
                "");

        // Then
        ParseStats stats = run.stats;
        assertThat(stats.lines()).isEqualTo(7);
        assertThat(stats.lines(ParseResult.Status.EVENT)).isEqualTo(2);
        assertThat(stats.lines(ParseResult.Status.PENDING, ParseReason.INVALID_USER_NOTICE)).isEqualTo(1);
        assertThat(stats.linesByReason(ParseResult.Status.IGNORED))
                .containsExactly(Map.entry(ParseReason.BLANK_LINE, 1L),
                        Map.entry(ParseReason.NOT_SSHD, 1L));
        assertThat(stats.unparseable()).isEqualTo(2);
        // 1 + 2 from the lines, 1 held notice released by finish()
        assertThat(stats.events()).isEqualTo(4);
        assertThat(stats.events(EventType.AUTH)).isEqualTo(4);
        assertThat(stats.unparseableSamples()).extracting(ParseStats.Sample::lineNumber, ParseStats.Sample::reason)
                .containsExactly(tuple(5L, ParseReason.NOT_SYSLOG),
                        tuple(6L, ParseReason.MALFORMED_SSHD_MESSAGE));
        assertThat(stats.toString()).contains("test:5 not_syslog", "test:6 malformed_sshd_message");
    }

    @Test
    void keepsOnlyTheFirstSamples() {
        ParseStats stats = new ParseStats("auth.log", 2);
        for (long line = 1; line <= 5; line++) {
            stats.record(line, ParseResult.unparseable(ParseReason.NOT_SYSLOG, "no header"));
        }

        assertThat(stats.unparseable()).isEqualTo(5);
        assertThat(stats.unparseableSamples()).extracting(ParseStats.Sample::lineNumber).containsExactly(1L, 2L);
    }

    @Test
    void reasonCodesAreAClosedSetOfLabelSafeValues() {
        assertThat(ParseReason.ALL).doesNotHaveDuplicates()
                .allMatch(code -> code.matches("[a-z][a-z_]{1,40}"));
        assertThat(ParseReason.ALL).hasSize(
                ParseReason.UNPARSEABLE.size() + ParseReason.IGNORED.size() + ParseReason.PENDING.size());
    }

    @Test
    void resultRejectsAReasonOfAnotherStatus() {
        assertThatThrownBy(() -> ParseResult.ignored(ParseReason.NOT_SYSLOG))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ParseResult.unparseable("made_up", "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ParseResult.events(List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
