package io.breachwatch.schema.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lines as the parsers expect them, from plain or gzip files, whatever the bytes. */
class LogReaderTest {

    @Test
    void splitsOnLfKeepsCrAndReadsAFinalLineWithoutLf() throws IOException {
        List<LogReader.Line> lines = read("a\r\nb\n\nc".getBytes(StandardCharsets.UTF_8), 100);

        assertThat(lines).extracting(LogReader.Line::number, LogReader.Line::text)
                .containsExactly(tuple(1L, "a\r"), tuple(2L, "b"), tuple(3L, ""), tuple(4L, "c"));
    }

    @Test
    void emptyInputHasNoLinesAndATrailingLfAddsNone() throws IOException {
        assertThat(read(new byte[0], 100)).isEmpty();
        assertThat(read("x\n".getBytes(StandardCharsets.UTF_8), 100)).hasSize(1);
    }

    @Test
    void byteOrderMarkIsDroppedAndMalformedUtf8Replaced() throws IOException {
        byte[] bytes = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'a', '\n', 'b', (byte) 0xC3, '\n', (byte) 0xFF};

        assertThat(read(bytes, 100)).extracting(LogReader.Line::text).containsExactly("a", "b\uFFFD", "\uFFFD");
    }

    @Test
    void gzipIsRecognisedByItsBytesAndConcatenatedMembersAreReadThrough(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("no-extension");
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.write(gzip("first\nsecond\n"));
        both.write(gzip("third\n"));
        Files.write(file, both.toByteArray());

        try (LogReader reader = LogReader.open(file)) {
            assertThat(reader.compressed()).isTrue();
            assertThat(reader.lines()).extracting(LogReader.Line::text).containsExactly("first", "second", "third");
        }
    }

    @Test
    void truncatedGzipIsAnIoErrorNotALine(@TempDir Path dir) throws IOException {
        byte[] whole = gzip("x".repeat(100_000));
        Path file = dir.resolve("cut.gz");
        Files.write(file, Arrays.copyOf(whole, whole.length / 2));

        try (LogReader reader = LogReader.open(file)) {
            assertThatThrownBy(reader::next).isInstanceOf(IOException.class);
        }
    }

    @Test
    void overlongLineIsCutOneAboveTheLimitAndTheNextLineIsIntact() throws IOException {
        String longLine = "y".repeat(200_000);

        List<LogReader.Line> lines = read((longLine + "\nnext\n" + longLine).getBytes(StandardCharsets.UTF_8), 1_000);

        assertThat(lines).extracting(l -> l.text().length(), LogReader.Line::cut)
                .containsExactly(tuple(1_001, true), tuple(4, false), tuple(1_001, true));
        assertThat(lines.get(1).text()).isEqualTo("next");
    }

    @Test
    void linesOfEveryLengthAcrossBufferBoundariesComeOutWhole() throws IOException {
        // Seeded lines from empty to several buffers long (the reader holds 32,768 characters at a time), some at
        // and just above the limit, so that lines start, end and get cut at every kind of position in the buffer
        java.util.Random random = new java.util.Random(11);
        int limit = 40_000;
        List<String> written = new java.util.ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 3_000; i++) {
            int length = switch (random.nextInt(8)) {
                case 0 -> 0;
                case 1 -> limit + random.nextInt(2);
                case 2 -> 30_000 + random.nextInt(90_000);
                default -> random.nextInt(600);
            };
            String line = Character.toString('a' + i % 26).repeat(length);
            written.add(line);
            text.append(line).append('\n');
        }

        List<LogReader.Line> lines = read(text.toString().getBytes(StandardCharsets.UTF_8), limit);

        assertThat(lines).hasSize(written.size());
        for (int i = 0; i < written.size(); i++) {
            String expected = written.get(i);
            boolean cut = expected.length() > limit + 1; // limit + 1 characters are returned whole; beyond, a cut
            assertThat(lines.get(i).number()).isEqualTo(i + 1);
            assertThat(lines.get(i).cut()).as("line %d cut", i + 1).isEqualTo(cut);
            assertThat(lines.get(i).text()).as("line %d", i + 1)
                    .isEqualTo(expected.substring(0, Math.min(expected.length(), limit + 1)));
        }
    }

    private static List<LogReader.Line> read(byte[] bytes, int maxLineChars) throws IOException {
        try (LogReader reader = LogReader.of(new ByteArrayInputStream(bytes), maxLineChars)) {
            return reader.lines().toList();
        }
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
