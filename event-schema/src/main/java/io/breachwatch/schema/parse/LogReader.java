package io.breachwatch.schema.parse;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import java.util.zip.GZIPInputStream;

/**
 * Reads a log file line by line for a {@link LogParser}: plain or gzip-compressed (recognised by its magic bytes,
 * whatever the name; concatenated gzip members, as {@code cat a.gz b.gz} makes, are read through), UTF-8 with
 * malformed bytes replaced by U+FFFD rather than failing (the parser decides what a garbled line is), a leading
 * byte order mark dropped, lines split on LF only. The CR of a CRLF line is kept, as a raw-line ingest would keep
 * it; the parsers remove it. A final line without LF is still a line.
 *
 * <p>A line longer than the limit is not held in memory whole: it is returned cut to one character more than the
 * limit, flagged {@link Line#cut()}, so that the parser's own length check rejects it, and the rest is skipped.
 * I/O errors, including a truncated gzip stream, are thrown: they are not a line's fault.
 */
public final class LogReader implements Closeable {
    /** The default line limit: a whole CloudTrail delivery object is one line. */
    public static final int DEFAULT_MAX_LINE_CHARS = CloudTrailParser.DEFAULT_MAX_DOCUMENT_CHARS;

    private static final int GZIP_MAGIC_1 = 0x1f;
    private static final int GZIP_MAGIC_2 = 0x8b;
    private static final int BUFFER_BYTES = 64 * 1024;

    /**
     * One line.
     *
     * @param number 1-based line number in the (decompressed) file
     * @param text   the line without its LF, cut to limit + 1 characters when {@code cut}
     * @param cut    the line was longer than the limit and its rest was skipped
     */
    public record Line(long number, String text, boolean cut) {
    }

    private final Reader reader;
    private final boolean compressed;
    private final int maxLineChars;
    private final char[] buffer = new char[BUFFER_BYTES / 2];
    private int position;
    private int limit;
    private long lineNumber;
    private boolean atEnd;

    private LogReader(InputStream input, int maxLineChars) throws IOException {
        if (maxLineChars < 1) {
            throw new IllegalArgumentException("maxLineChars must be positive");
        }
        BufferedInputStream buffered = new BufferedInputStream(input, BUFFER_BYTES);
        buffered.mark(2);
        int first = buffered.read();
        int second = buffered.read();
        buffered.reset();
        this.compressed = first == GZIP_MAGIC_1 && second == GZIP_MAGIC_2;
        InputStream decoded = compressed ? new GZIPInputStream(buffered, BUFFER_BYTES) : buffered;
        this.reader = new InputStreamReader(decoded, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE));
        this.maxLineChars = maxLineChars;
    }

    /** Opens a plain or gzip file with the {@link #DEFAULT_MAX_LINE_CHARS default line limit}. */
    public static LogReader open(Path file) throws IOException {
        return open(file, DEFAULT_MAX_LINE_CHARS);
    }

    public static LogReader open(Path file, int maxLineChars) throws IOException {
        InputStream input = Files.newInputStream(file);
        try {
            return new LogReader(input, maxLineChars);
        } catch (IOException | RuntimeException e) {
            input.close();
            throw e;
        }
    }

    /** Reads from a stream (plain or gzip); closing the reader closes it. */
    public static LogReader of(InputStream input, int maxLineChars) throws IOException {
        return new LogReader(input, maxLineChars);
    }

    /** Whether the input was gzip-compressed. */
    public boolean compressed() {
        return compressed;
    }

    /** The next line, or null at the end of the input. */
    public Line next() throws IOException {
        if (atEnd) {
            return null;
        }
        StringBuilder line = null;
        boolean cut = false;
        while (true) {
            if (position == limit && !fill()) {
                atEnd = true;
                if (line == null || line.length() == 0 && !cut) {
                    return null;
                }
                return line(line.toString(), cut);
            }
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            int length = position - start;
            if (line == null && position < limit && length <= maxLineChars) {
                position++; // the LF; the usual case: a whole line in the buffer, copied once
                return line(new String(buffer, start, length), false);
            }
            if (line == null) {
                line = new StringBuilder(Math.min(length * 2, maxLineChars + 1));
            }
            int room = maxLineChars + 1 - line.length();
            if (length > room) {
                cut = true;
            }
            line.append(buffer, start, Math.min(length, Math.max(room, 0)));
            if (position < limit) {
                position++; // the LF
                return line(line.toString(), cut);
            }
        }
    }

    /** The remaining lines as a stream; I/O errors surface as {@link UncheckedIOException}. Closes nothing. */
    public Stream<Line> lines() {
        Iterator<Line> iterator = new Iterator<>() {
            private Line next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    try {
                        next = LogReader.this.next();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return next != null;
            }

            @Override
            public Line next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Line line = next;
                next = null;
                return line;
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator,
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    private Line line(String text, boolean cut) {
        lineNumber++;
        String line = text;
        if (lineNumber == 1) {
            line = LineText.withoutByteOrderMark(line);
        }
        return new Line(lineNumber, line, cut);
    }

    private boolean fill() throws IOException {
        int read;
        do {
            read = reader.read(buffer, 0, buffer.length);
        } while (read == 0);
        if (read < 0) {
            return false;
        }
        position = 0;
        limit = read;
        return true;
    }
}
