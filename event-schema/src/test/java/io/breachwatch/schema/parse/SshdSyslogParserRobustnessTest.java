package io.breachwatch.schema.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.breachwatch.schema.AuthEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The parser reads untrusted input in a stream thread: no input may make it throw, hang or hold unbounded memory. */
class SshdSyslogParserRobustnessTest {

    private static final List<String> REAL_LINES = List.of(
            "Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user webmaster from 173.234.31.186",
            "Dec 10 06:55:48 LabSZ sshd[24200]: Failed password for invalid user webmaster from 173.234.31.186 port 38926 ssh2",
            "Dec 10 07:13:56 LabSZ sshd[24227]: message repeated 5 times: [ Failed password for root from 5.36.59.76 port 42393 ssh2]",
            "Dec 10 09:32:20 LabSZ sshd[24680]: Accepted password for fztu from 119.137.62.142 port 49116 ssh2",
            "Jun 15 02:04:59 combo sshd(pam_unix)[20882]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=220-135-151-1.hinet-ip.hinet.net  user=root",
            "Dec 10 06:55:46 LabSZ sshd[24200]: Received disconnect from 173.234.31.186: 11: Bye Bye [preauth]",
            "Jun 15 02:05:30 combo last message repeated 2 times");

    @Test
    void nullAndControlCharactersAreAnsweredNotThrown() {
        SshdSyslogParser parser = SshdSyslogParserTest.newParser();

        assertThat(parser.parse(null, 1).reason()).isEqualTo(ParseReason.BLANK_LINE);
        assertThat(parser.parse("\0\0\0", 2).reason()).isEqualTo(ParseReason.NOT_SYSLOG);
        assertThat(parser.parse("Dec 10 06:55:46 LabSZ sshd[1]: Failed password for ro\0ot from 1.2.3.4 port 5 ssh2",
                3).status()).isEqualTo(ParseResult.Status.EVENT);
        assertThat(parser.parse("Dec 10 06:55:46 LabSZ sshd[1]: Failed password for a\u2028b\rc from 1.2.3.4 port 5 ssh2",
                4).events()).singleElement().extracting(e -> ((AuthEvent) e).user())
                .isEqualTo("a\u2028b\rc");
    }

    @Test
    @Timeout(10)
    void megabyteLineIsRejectedByLengthBeforeAnyRegexRuns() {
        // Given a 1 MiB line that starts like a real failure
        String huge = "Dec 10 06:55:46 LabSZ sshd[1]: Failed password for " + "x ".repeat(512 * 1024)
                + "from 1.2.3.4 port 5 ssh2";

        ParseResult result = SshdSyslogParserTest.newParser().parse(huge, 1);

        assertThat(result.reason()).isEqualTo(ParseReason.LINE_TOO_LONG);
        assertThat(result.message()).doesNotContain("x x");
    }

    @Test
    void lineJustUnderTheLimitIsStillRead() {
        String prefix = "Dec 10 06:55:46 LabSZ sshd[1]: Failed password for invalid user ";
        String suffix = " from 1.2.3.4 port 5 ssh2";
        // The user field allows 256 characters, so this line is read and then rejected for its field.
        String line = prefix + "u".repeat(SshdSyslogParser.MAX_LINE_LENGTH - prefix.length() - suffix.length())
                + suffix;

        ParseResult result = SshdSyslogParserTest.newParser().parse(line + "\r\n", 1);

        assertThat(line).hasSize(SshdSyslogParser.MAX_LINE_LENGTH);
        assertThat(result.reason()).isEqualTo(ParseReason.INVALID_FIELD);
    }

    @Test
    void hugeRepeatCountIsUnparseableNotExpanded() {
        ParseResult result = SshdSyslogParserTest.newParser().parse("Dec 10 07:13:56 LabSZ sshd[1]: message repeated "
                + "9999999999 times: [ Failed password for root from 5.36.59.76 port 42393 ssh2]", 1);

        assertThat(result.reason()).isEqualTo(ParseReason.REPEAT_COUNT_TOO_LARGE);
    }

    @Test
    @Timeout(20)
    void pathologicalLinesForTheRegexesStayCheap() {
        // Given lines near the length limit built to make backtracking regexes explode
        String sshd = "Dec 10 06:55:46 LabSZ sshd[1]: ";
        String pam = "Jun 15 02:04:59 combo sshd(pam_unix)[2]: ";
        List<String> lines = List.of(
                sshd + "Failed password for " + " from ".repeat(1300),
                sshd + "Failed password for " + " from 1.2.3.4 port 5".repeat(400) + " x",
                sshd + "Failed password for invalid user " + " from a port 1 ssh2:".repeat(400) + "x",
                sshd + "Failed password for x from " + "a".repeat(8000),
                sshd + "Invalid user " + " from a".repeat(1100) + " x",
                sshd + "message repeated 5 times: [ " + "[".repeat(8000),
                pam + "authentication failure; rhost=a user=" + " ".repeat(8000) + "b",
                pam + "authentication failure;" + " rhost=a user= b".repeat(500) + " x=");
        SshdSyslogParser parser = SshdSyslogParserTest.newParser();

        // When each is parsed 20 times, then all finish well within the timeout, each with a status
        for (int i = 0; i < 20; i++) {
            for (String line : lines) {
                assertThat(line).hasSizeLessThanOrEqualTo(SshdSyslogParser.MAX_LINE_LENGTH);
                assertThat(parser.parse(line, i).status()).isNotNull();
            }
        }
    }

    @Test
    @Timeout(60)
    void randomGarbageAndMutatedRealLinesNeverThrow() {
        // Given a fixed seed, so that a failure can be replayed
        Random random = new Random(20151210L);
        SshdSyslogParser parser = SshdSyslogParserTest.newParser();
        List<ParseResult> results = new ArrayList<>();

        // When 20,000 random and mutated lines are parsed
        assertThatCode(() -> {
            for (int i = 1; i <= 20_000; i++) {
                String line = i % 2 == 0 ? randomText(random, random.nextInt(300)) : mutate(random,
                        REAL_LINES.get(random.nextInt(REAL_LINES.size())));
                results.add(parser.parse(line, i));
            }
            parser.finish();
        }).doesNotThrowAnyException();

        // Then every line got a status (never a parser bug)
        assertThat(results).hasSize(20_000)
                .noneMatch(r -> ParseReason.PARSER_ERROR.equals(r.reason()));
    }

    private static String randomText(Random random, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(10);
            if (kind == 0) {
                text.append((char) random.nextInt(32));
            } else if (kind == 1) {
                text.append((char) random.nextInt(Character.MAX_VALUE + 1));
            } else {
                text.append((char) (32 + random.nextInt(95)));
            }
        }
        return text.toString();
    }

    private static String mutate(Random random, String line) {
        StringBuilder text = new StringBuilder(line);
        int edits = 1 + random.nextInt(4);
        for (int i = 0; i < edits && text.length() > 0; i++) {
            int at = random.nextInt(text.length());
            switch (random.nextInt(4)) {
                case 0 -> text.deleteCharAt(at);
                case 1 -> text.insert(at, randomText(random, 1 + random.nextInt(5)));
                case 2 -> text.setLength(at);
                default -> text.setCharAt(at, (char) random.nextInt(128));
            }
        }
        return text.toString();
    }
}
