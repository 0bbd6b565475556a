package io.breachwatch.detector.replay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Expands the command line's inputs: files, directories (every regular file below, in name order), glob patterns
 * ({@code logs/*.gz}, {@code 'trail/**.json'}) and {@code -} for standard input.
 */
final class ReplayInputs {
    static final Path STDIN = Path.of("-");

    private ReplayInputs() {
    }

    static List<Path> expand(List<String> arguments) {
        List<Path> inputs = new ArrayList<>();
        for (String argument : arguments) {
            if (argument.equals("-")) {
                inputs.add(STDIN);
                continue;
            }
            Path path = Path.of(argument);
            if (Files.isDirectory(path)) {
                inputs.addAll(filesBelow(path));
            } else if (Files.isRegularFile(path)) {
                inputs.add(path);
            } else if (argument.contains("*") || argument.contains("?") || argument.contains("[")) {
                inputs.addAll(glob(argument));
            } else {
                throw new IllegalArgumentException("no such file or directory: " + argument);
            }
        }
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("no input files matched " + arguments);
        }
        return inputs;
    }

    private static List<Path> filesBelow(Path directory) {
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> glob(String pattern) {
        // Walk from the longest literal directory prefix, match the rest.
        int firstWildcard = pattern.length();
        for (char c : new char[] {'*', '?', '['}) {
            int i = pattern.indexOf(c);
            if (i >= 0) {
                firstWildcard = Math.min(firstWildcard, i);
            }
        }
        int slash = pattern.lastIndexOf('/', firstWildcard);
        Path base = slash < 0 ? Path.of(".") : Path.of(pattern.substring(0, slash + 1));
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(base)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> matcher.matches(slash < 0 ? base.relativize(p) : p))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
