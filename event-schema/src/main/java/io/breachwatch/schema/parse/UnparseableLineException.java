package io.breachwatch.schema.parse;

/**
 * Thrown inside a parser when a line cannot be read, and turned into {@link ParseResult#unparseable} at the
 * parser's boundary; it never escapes {@link LogParser#parse}. The message must not quote the line (it ends up in
 * dead letters and logs), and the exception carries no stack trace because it is an expected outcome.
 */
final class UnparseableLineException extends RuntimeException {
    private final String reason;

    UnparseableLineException(String reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    /** One of {@link ParseReason#UNPARSEABLE}. */
    String reason() {
        return reason;
    }
}
