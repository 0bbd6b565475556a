package io.breachwatch.schema.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every field of an access log line is chosen by the client: no input may make the parser throw or hang. */
class AccessLogParserRobustnessTest {

    @Test
    @Timeout(60)
    void mutatedRealLinesAndGarbageNeverThrow() throws IOException {
        List<String> real = new ArrayList<>(Files.readAllLines(Fixtures.log("access/combined.log")));
        real.addAll(Files.readAllLines(Fixtures.log("access/common.log")));
        LineMutator mutator = new LineMutator(20001010L);
        AccessLogParser parser = new AccessLogParser("fuzz");
        List<ParseResult> results = new ArrayList<>();

        assertThatCode(() -> {
            for (int i = 1; i <= 20_000; i++) {
                String line = i % 5 == 0 ? mutator.randomText(mutator.random().nextInt(300))
                        : mutator.mutate(mutator.pick(real), " \"[]\\-/?0123456789");
                results.add(parser.parse(line, i));
            }
            parser.finish();
        }).doesNotThrowAnyException();

        assertThat(results).hasSize(20_000).noneMatch(r -> ParseReason.PARSER_ERROR.equals(r.reason()));
        assertThat(results).anyMatch(r -> r.status() == ParseResult.Status.EVENT);
    }

    @Test
    @Timeout(10)
    void longQuotedFieldsAndBackslashRunsStayLinear() {
        AccessLogParser parser = new AccessLogParser("x");
        String prefix = "203.0.113.7 - - [14/Mar/2026:09:13:02 +0000] \"GET /";
        List<String> lines = List.of(
                prefix + "\\\"".repeat(10_000) + " HTTP/1.1\" 200 1",
                prefix + "a/".repeat(10_000) + " HTTP/1.1\" 200 1 \"-\" \"" + "\\".repeat(10_000) + "\"",
                prefix + "1/".repeat(16_000),
                "x".repeat(AccessLogParser.MAX_LINE_LENGTH + 1));

        for (String line : lines) {
            assertThat(parser.parse(line, 1).reason()).isNotEqualTo(ParseReason.PARSER_ERROR);
        }
        // a 20 KB path is one call of something: its template is cut, not the line rejected
        ParseResult longPath = parser.parse(lines.get(1), 2);
        assertThat(longPath.status()).isEqualTo(ParseResult.Status.EVENT);
    }
}
