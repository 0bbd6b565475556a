package io.breachwatch.schema.parse;

import io.breachwatch.schema.CanonicalEvent;
import java.util.List;

/**
 * Turns the lines of one raw log stream (a file, a partition of a topic of raw lines) into canonical events. A
 * parser is stateful and single-threaded: formats such as syslog need the previous lines to know the year of a
 * timestamp or to fold several lines into one event, so use one instance per input stream, feed it the lines in
 * order, and call {@link #finish()} once at the end. Implementations never throw on input: every line comes back as
 * a {@link ParseResult}, so no line is skipped without being counted.
 */
public interface LogParser {

    /**
     * @param line       one line as read, with or without its line terminator; may be null or arbitrarily large
     * @param lineNumber 1-based position of the line in its stream; becomes part of the event ids
     */
    ParseResult parse(String line, long lineNumber);

    /** End of input: the events still held for earlier lines, oldest first. The parser holds nothing afterwards. */
    List<CanonicalEvent> finish();
}
