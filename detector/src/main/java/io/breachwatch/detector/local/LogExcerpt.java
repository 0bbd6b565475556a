package io.breachwatch.detector.local;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Short excerpts of a broker's log file for error messages: its ERROR lines and its last lines.
 *
 * <p>Both matter: a broker that fails to start logs the cause once and then over a hundred lines of orderly
 * shutdown, so the tail alone rarely shows why. Only the end of the file is read, because a long-running demo
 * broker's log can be large.
 */
final class LogExcerpt {

    private static final int MAX_BYTES = 2 * 1024 * 1024;
    private static final int MAX_ERRORS = 12;
    private static final int TAIL_LINES = 25;

    private LogExcerpt() {
    }

    /** The ERROR and FATAL lines (each with the exception message on the line after it), then the last lines. */
    static String of(Path file) {
        List<String> lines = lines(file);
        if (lines == null) {
            return "  (" + file + " does not exist)";
        }
        if (lines.isEmpty()) {
            return "  (" + file + " is empty)";
        }
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < lines.size() && errors.size() < MAX_ERRORS; i++) {
            String line = lines.get(i);
            if (line.contains("] ERROR ") || line.contains("] FATAL ")) {
                errors.add(line);
                if (i + 1 < lines.size() && !lines.get(i + 1).startsWith("[") && !lines.get(i + 1).isBlank()) {
                    errors.add("    " + lines.get(i + 1).strip());
                }
            }
        }
        StringBuilder excerpt = new StringBuilder();
        if (!errors.isEmpty()) {
            excerpt.append("  errors in ").append(file).append(":\n  ").append(String.join("\n  ", errors))
                    .append('\n');
        }
        List<String> tail = lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size());
        excerpt.append("  last lines of ").append(file).append(":\n  ").append(String.join("\n  ", tail));
        return excerpt.toString();
    }

    static boolean contains(Path file, String text) {
        List<String> lines = lines(file);
        return lines != null && lines.stream().anyMatch(line -> line.contains(text));
    }

    /** The lines of the file's last MAX_BYTES, or null if it does not exist or cannot be read. */
    private static List<String> lines(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            int size = (int) Math.min(length, MAX_BYTES);
            byte[] bytes = new byte[size];
            raf.seek(length - size);
            raf.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            return text.isEmpty() ? List.of() : List.of(text.split("\\R"));
        } catch (IOException e) {
            return null;
        }
    }
}
