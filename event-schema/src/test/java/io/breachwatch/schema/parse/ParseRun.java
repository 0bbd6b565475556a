package io.breachwatch.schema.parse;

import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.CanonicalEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A parser run over a whole input, for tests: every line's result, every released event in order (including those
 * {@link LogParser#finish()} releases), and the {@link ParseStats}. Files are split on LF only, so a CRLF file hands
 * the parser its lines with the trailing CR, as a raw-line ingest would.
 */
final class ParseRun {
    final List<ParseResult> results = new ArrayList<>();
    final List<CanonicalEvent> events = new ArrayList<>();
    final List<CanonicalEvent> finished;
    final ParseStats stats;

    private ParseRun(LogParser parser, String source, List<String> lines) {
        stats = new ParseStats(source);
        long lineNumber = 0;
        for (String line : lines) {
            lineNumber++;
            ParseResult result = parser.parse(line, lineNumber);
            results.add(result);
            events.addAll(result.events());
            stats.record(lineNumber, result);
        }
        finished = parser.finish();
        events.addAll(finished);
        stats.recordEvents(finished);
    }

    static ParseRun lines(LogParser parser, String... lines) {
        return new ParseRun(parser, "test", Arrays.asList(lines));
    }

    static ParseRun file(LogParser parser, Path file) throws IOException {
        // new String(...) replaces malformed UTF-8 instead of throwing: the parser is what must cope with any input.
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return new ParseRun(parser, file.getFileName().toString(), lines);
    }

    ParseResult result(int lineNumber) {
        return results.get(lineNumber - 1);
    }

    List<AuthEvent> authEvents() {
        return events.stream().map(AuthEvent.class::cast).toList();
    }
}
