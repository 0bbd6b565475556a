package io.breachwatch.schema.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Zeek lines come from the network: no input may make the parser throw, hang or hold memory. */
class ZeekParserRobustnessTest {

    @Test
    @Timeout(60)
    void mutatedRealLinesAndGarbageNeverThrow() throws IOException {
        // Given every line of the fixtures (headers included), in both forms, and a fixed seed
        List<String> real = new ArrayList<>();
        for (String fixture : List.of("zeek/conn.log", "zeek/ssh.log", "zeek/http.log", "zeek/ssh.json.log",
                "zeek/http.json.log", "zeek/mixed.json.log")) {
            real.addAll(Files.readAllLines(Fixtures.log(fixture)));
        }
        LineMutator mutator = new LineMutator(20220929L);
        ZeekParser parser = new ZeekParser("fuzz");
        List<ParseResult> results = new ArrayList<>();

        // When 30,000 mutated lines and random garbage are parsed through one parser (so headers change too)
        assertThatCode(() -> {
            for (int i = 1; i <= 30_000; i++) {
                String line = i % 5 == 0 ? mutator.randomText(mutator.random().nextInt(300))
                        : mutator.mutate(mutator.pick(real), "\t\\x{}[]\":,.-#0123456789eE");
                results.add(parser.parse(line, i));
            }
            parser.finish();
        }).doesNotThrowAnyException();

        // Then every line got a status, and none was a parser bug
        assertThat(results).hasSize(30_000).noneMatch(r -> ParseReason.PARSER_ERROR.equals(r.reason()));
        assertThat(results).anyMatch(r -> r.status() == ParseResult.Status.EVENT);
    }

    @Test
    @Timeout(10)
    void hostileNumbersAndSizesAreRejectedCheaply() {
        ZeekParser parser = new ZeekParser("x");
        String conn = "\"uid\":\"C1\",\"id.orig_h\":\"10.0.0.1\",\"id.resp_h\":\"10.0.0.2\",\"proto\":\"tcp\","
                + "\"conn_state\":\"S0\"";
        List<String> lines = List.of(
                "{\"ts\":1e-999999999," + conn + "}",
                "{\"ts\":1.0," + conn + ",\"orig_bytes\":1e999999999}",
                "{\"ts\":1.0," + conn + ",\"orig_bytes\":2.5}",
                "{\"ts\":1.0," + conn + ",\"orig_bytes\":99999999999999999999999}",
                "{\"ts\":1" + "0".repeat(100) + "," + conn + "}",
                "[".repeat(10_000),
                "{\"a\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}",
                "x".repeat(ZeekParser.MAX_LINE_LENGTH + 1));

        for (String line : lines) {
            ParseResult result = parser.parse(line, 1);
            assertThat(result.status()).as(line.substring(0, 40)).isEqualTo(ParseResult.Status.UNPARSEABLE);
            assertThat(result.reason()).isNotEqualTo(ParseReason.PARSER_ERROR);
        }
    }

    @Test
    void nullIsABlankLine() {
        assertThat(new ZeekParser("x").parse(null, 1).reason()).isEqualTo(ParseReason.BLANK_LINE);
    }
}
