package io.breachwatch.schema.parse;

/** Small text helpers shared by the line parsers. */
final class LineText {
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private LineText() {
    }

    /** The line without its LF, CRLF or CR terminator: {@link LogReader} and raw-line ingest keep the CR of CRLF. */
    static String withoutTerminator(String line) {
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\n') {
            end--;
        }
        if (end > 0 && line.charAt(end - 1) == '\r') {
            end--;
        }
        return line.substring(0, end);
    }

    /** Drops a UTF-8 byte order mark decoded at the start of a file (Windows tools write one). */
    static String withoutByteOrderMark(String text) {
        return !text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK ? text.substring(1) : text;
    }

    /** Null for null, empty or blank text: canonical events hold null, never a blank, for "not known". */
    static String nullIfBlank(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
