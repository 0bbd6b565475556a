package io.breachwatch.detector.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * One detector instance running {@code breachwatch run} in a JVM of its own, as in production: its own state
 * directory (kept across restarts, as on a host's disk), its output appended to one log file over all its runs, and
 * killed with {@code SIGKILL} when a test wants a crash. Settings go in as {@code --set key=value} flags, the
 * command line's highest precedence. The child halts by itself if the test JVM dies ({@link ChildDetectorMain}),
 * and {@link #close()} kills it, so a test that fails half-way leaves nothing running.
 */
final class ChildDetector implements AutoCloseable {
    private static final Duration EXIT_WAIT = Duration.ofSeconds(30);

    private final String name;
    private final List<String> command;
    private final Path log;
    private Process process;

    private ChildDetector(String name, List<String> command, Path log) {
        this.name = name;
        this.command = command;
        this.log = log;
    }

    /** Where children's logs are kept after the test, for a post-mortem: {@code target/reliability-logs}. */
    static final Path LOG_DIR = Path.of("target", "reliability-logs");

    /**
     * Starts {@code breachwatch run} as a child JVM named {@code name} (also its Kafka {@code client.id}), with its
     * state directory under {@code workDir} and its log in {@link #LOG_DIR} (named after the application id).
     */
    static ChildDetector start(String name, Path workDir, Map<String, String> settings) {
        Path home = workDir.resolve(name);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // Small and serial: three brokers and up to three detectors share two cores in CI.
                "-Xmx384m", "-XX:+UseSerialGC",
                // The product's logging, not a test-jar's logback-test.xml that the test class path also holds.
                "-Dlogback.configurationFile=" + productLogbackConfig(),
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                ChildDetectorMain.class.getName(), "run"));
        settings.forEach((key, value) -> command.add("--set=" + key + "=" + value));
        command.add("--set=state.dir=" + home.resolve("state"));
        command.add("--set=client.id=" + name);
        command.add("--set=breachwatch.metrics.address=none");
        try {
            Files.createDirectories(home);
            Files.createDirectories(LOG_DIR);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String logName = settings.getOrDefault("application.id", "detector") + "-" + name + ".log";
        ChildDetector child = new ChildDetector(name, List.copyOf(command), LOG_DIR.toAbsolutePath().resolve(logName));
        child.launch();
        return child;
    }

    String name() {
        return name;
    }

    /** Starts the process again with the same command, state directory and log file. */
    void restart() {
        if (alive()) {
            throw new IllegalStateException(name + " is still running");
        }
        launch();
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** {@code kill -9}: no shutdown hook, no clean close of Kafka Streams, an open transaction left behind. */
    void kill() {
        process.destroyForcibly();
        awaitExit();
    }

    /**
     * SIGTERM, which runs the detector's shutdown hook (Kafka Streams closes cleanly), then waits for the exit.
     * Through the process handle: {@code Process.destroy()} also closes the child's standard input, which would make
     * its watchdog halt it before the clean close.
     */
    int stop() {
        process.toHandle().destroy();
        return awaitExit();
    }

    /** The exit status of the latest run, or empty while it runs. */
    OptionalInt exitStatus() {
        return process == null || process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    /** Everything the child has logged so far, over all its runs. */
    List<String> logLines() {
        try {
            return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether Kafka Streams ever went to ERROR or a stream thread failed, in any run of this child. */
    boolean everFailed() {
        return logLines().stream().anyMatch(line -> line.contains("-> ERROR") || line.contains("thread failed"));
    }

    Path logFile() {
        return log;
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            awaitExit();
        }
    }

    private static String productLogbackConfig() {
        URL config = ChildDetector.class.getClassLoader().getResource("logback.xml");
        if (config == null) {
            throw new IllegalStateException("the detector's logback.xml is not on the test class path");
        }
        return config.toString();
    }

    private void launch() {
        try {
            // stdin stays a pipe this JVM holds and never writes: the child's watchdog halts it when it closes.
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start detector " + name, e);
        }
    }

    private int awaitExit() {
        try {
            if (!process.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                if (!process.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException("detector " + name + " (pid " + process.pid() + ") did not exit");
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for detector " + name, e);
        } finally {
            try {
                process.getOutputStream().close();
            } catch (IOException ignored) {
                // Already closed: the pipe is shut either way.
            }
        }
        return process.exitValue();
    }
}
