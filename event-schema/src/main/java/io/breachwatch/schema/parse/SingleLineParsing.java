package io.breachwatch.schema.parse;

import io.breachwatch.schema.InvalidEventException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What parsers whose records each fit on one line share: a line bug or a bad field costs that line only (never the
 * stream), and every line is prepared the same way (terminator and byte-order mark stripped, length capped). The
 * sshd parser prepares its lines itself and shares only {@link #guarded}.
 */
final class SingleLineParsing {
    private SingleLineParsing() {
    }

    /**
     * Parses one line: a blank line is ignored, any other line's {@linkplain #content content} goes to
     * {@code parseText}, and whatever goes wrong is {@linkplain #guarded guarded}.
     */
    static ParseResult parse(String line, int maxLength, Function<String, ParseResult> parseText) {
        return guarded(() -> {
            String text = content(line, maxLength);
            return text == null ? ParseResult.ignored(ParseReason.BLANK_LINE) : parseText.apply(text);
        });
    }

    /** Runs one line's parse; whatever goes wrong becomes an unparseable result with a reason, never an exception. */
    static ParseResult guarded(Supplier<ParseResult> parse) {
        try {
            return parse.get();
        } catch (UnparseableLineException e) {
            return ParseResult.unparseable(e.reason(), e.getMessage());
        } catch (InvalidEventException e) {
            return ParseResult.unparseable(ParseReason.INVALID_FIELD, e.getMessage());
        } catch (RuntimeException e) {
            // Defensive: a parser bug must cost one line, not the stream.
            return ParseResult.unparseable(ParseReason.PARSER_ERROR, "parser error: " + e.getClass().getSimpleName());
        }
    }

    /**
     * The line's content, or null when it is blank.
     *
     * @throws UnparseableLineException when it is longer than {@code maxLength}
     */
    static String content(String line, int maxLength) {
        if (line == null) {
            return null;
        }
        String text = LineText.withoutTerminator(line);
        if (text.length() > maxLength) {
            throw new UnparseableLineException(ParseReason.LINE_TOO_LONG,
                    "line is " + text.length() + " characters long, the limit is " + maxLength);
        }
        text = LineText.withoutByteOrderMark(text);
        return text.isBlank() ? null : text;
    }
}
