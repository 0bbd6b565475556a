package io.breachwatch.schema.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * CloudTrail files come from an account that may be compromised: no input may make the parser throw, hang, or
 * collect without bound, and a damaged document must not swallow what follows it.
 */
class CloudTrailParserRobustnessTest {

    @Test
    @Timeout(60)
    void mutatedDocumentsAndGarbageNeverThrow() throws IOException {
        // Given the fixture lines (pretty-printed document lines and one-event lines), the one-line document, seed
        List<String> real = new ArrayList<>(Files.readAllLines(Fixtures.log("cloudtrail/pretty.json")));
        real.addAll(Files.readAllLines(Fixtures.log("cloudtrail/events.jsonl")));
        real.add(CloudTrailParserTest.oneLineDocument());
        LineMutator mutator = new LineMutator(20230710L);
        List<ParseResult> results = new ArrayList<>();

        // When 20,000 lines are parsed, with a fresh parser now and then so that collecting starts again
        assertThatCode(() -> {
            CloudTrailParser parser = new CloudTrailParser("fuzz", 64 * 1024);
            for (int i = 1; i <= 20_000; i++) {
                if (i % 500 == 0) {
                    parser.finish();
                    parser = new CloudTrailParser("fuzz", 64 * 1024);
                }
                String line = i % 7 == 0 ? mutator.randomText(mutator.random().nextInt(200))
                        : mutator.mutate(mutator.pick(real), "{}[]\":,\\ 0123456789eE-");
                results.add(parser.parse(line, i));
            }
            parser.finish();
        }).doesNotThrowAnyException();

        // Then every line got a status, and none was a parser bug
        assertThat(results).hasSize(20_000).noneMatch(r -> ParseReason.PARSER_ERROR.equals(r.reason()));
        assertThat(results).anyMatch(r -> r.status() == ParseResult.Status.EVENT);
    }

    @Test
    @Timeout(10)
    void unclosedDocumentIsBoundedByTheLimit() {
        // Given a document that opens and never closes, 10,000 lines long, with a 10 KiB limit
        CloudTrailParser parser = new CloudTrailParser("endless", 10 * 1024);
        List<ParseResult> results = new ArrayList<>();
        results.add(parser.parse("{\"Records\": [", 1));
        for (int i = 2; i <= 10_000; i++) {
            results.add(parser.parse("  {\"eventName\": \"x\"},", i));
        }

        // Then it is collected up to the limit only; the rest is counted, not held
        assertThat(results).filteredOn(r -> r.status() == ParseResult.Status.PENDING).hasSizeLessThan(500);
        assertThat(results).filteredOn(r -> ParseReason.TOO_LARGE.equals(r.reason())).hasSizeGreaterThan(9_000);
        assertThat(parser.finish()).isEmpty();
    }

    @Test
    @Timeout(10)
    void deepNestingAndHugeNumbersAreRejected() {
        CloudTrailParser parser = new CloudTrailParser("x");

        assertThat(parser.parse("[".repeat(100_000) + "]".repeat(100_000), 1).reason())
                .isEqualTo(ParseReason.TOO_LARGE);
        assertThat(parser.parse("{\"Records\":[{\"eventTime\":1" + "0".repeat(1_000) + "}]}", 2).reason())
                .isEqualTo(ParseReason.TOO_LARGE);
        assertThat(parser.parse(null, 3).reason()).isEqualTo(ParseReason.BLANK_LINE);
    }
}
