package io.breachwatch.schema.parse;

/**
 * Tells where JSON values end without parsing them, so that a document spread over many lines (pretty-printed
 * CloudTrail) can be collected line by line and parsed once complete. It tracks only brackets and strings, in one
 * pass, carrying its state from line to line; what the brackets hold is left to the real parser.
 *
 * <p>JSON strings cannot contain a raw line break, so a line that ends inside a string is broken for certain; that
 * is what keeps one truncated JSON line from swallowing the rest of a file as "the rest of its document".
 */
final class JsonFraming {
    private int depth;
    private boolean inString;
    private boolean escaped;
    private boolean sawValue;

    /** Scans more text of the current value(s). */
    void feed(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    inString = false;
                }
                continue;
            }
            switch (c) {
                case '"' -> {
                    inString = true;
                    sawValue = true;
                }
                case '{', '[' -> {
                    depth++;
                    sawValue = true;
                }
                case '}', ']' -> depth--;
                case ' ', '\t', '\r', '\n' -> {
                }
                default -> sawValue = true;
            }
        }
    }

    /** Every value begun so far is closed (or over-closed: the parser will say what is wrong). */
    boolean complete() {
        return sawValue && depth <= 0 && !inString;
    }

    /** The text so far ends inside a string: no later line can complete it. */
    boolean insideString() {
        return inString;
    }

    void reset() {
        depth = 0;
        inString = false;
        escaped = false;
        sawValue = false;
    }
}
