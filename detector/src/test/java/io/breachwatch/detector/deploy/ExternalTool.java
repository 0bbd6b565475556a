package io.breachwatch.detector.deploy;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A command-line tool some tests need (promtool, prometheus) from the Debian package {@code prometheus}. On a
 * developer machine without it those tests are skipped with a message; in CI (environment variable {@code CI} set)
 * its absence fails them, since {@code .ci/run} installs it.
 */
public final class ExternalTool {
    private final String name;
    private final Path path;

    private ExternalTool(String name, Path path) {
        this.name = name;
        this.path = path;
    }

    /** The tool found on PATH; otherwise the calling test is skipped, or failed in CI. */
    public static ExternalTool require(String name, String debianPackage) {
        return require(name, debianPackage, System.getenv());
    }

    static ExternalTool require(String name, String debianPackage, java.util.Map<String, String> environment) {
        Optional<Path> found = find(name, environment.get("PATH"));
        if (found.isEmpty()) {
            String why = name + " is not installed (Debian package " + debianPackage + ")";
            if (environment.get("CI") != null) {
                fail(why + ", but CI must run this test: .ci/run installs it");
            }
            Assumptions.abort(why + ": skipped here; CI installs it and runs this test");
        }
        return new ExternalTool(name, found.get());
    }

    static Optional<Path> find(String name, String pathVariable) {
        if (pathVariable == null) {
            return Optional.empty();
        }
        for (String dir : pathVariable.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    public Path path() {
        return path;
    }

    /** The outcome of one run: exit code and everything it printed. */
    public record Result(int exitCode, String output) {
    }

    /** Runs the tool to completion (bounded by {@code timeout}), stdout and stderr merged. */
    public Result run(Path workingDir, Duration timeout, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(path.toString());
        command.addAll(List.of(args));
        Path output = Files.createTempFile(name, ".out");
        try {
            Process process = new ProcessBuilder(command).directory(workingDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                fail(name + " did not finish within " + timeout + ": " + String.join(" ", command));
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
