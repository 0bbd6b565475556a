package io.breachwatch.bench.live;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.breachwatch.bench.BenchCli;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The parent's handle on one {@link LiveChild}: a JVM of its own running the app under measurement, started with
 * the same JVM options whatever the app, so that the baseline and breachwatch differ only in their topology. Its
 * output other than the protocol (its log, stderr included) goes to a log file in the work directory.
 */
final class ChildApp implements AutoCloseable {
    static final String BASELINE = "baseline";
    static final String BREACHWATCH = "breachwatch";
    static final String REPLAY = "replay";

    private static final Map<String, Object> EOF = Map.of("event", "eof");

    private final Process process;
    private final Path log;
    private final Writer commands;
    private final BlockingQueue<Map<String, Object>> messages = new LinkedBlockingQueue<>();
    private final Thread reader;

    private ChildApp(Process process, Path log) {
        this.process = process;
        this.log = log;
        this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.reader = new Thread(this::read, "bench-child-reader-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code live-child} with {@code arguments} in a new JVM ({@code javaOptions}, e.g. {@code -Xmx1g}) on
     * this JVM's class path.
     */
    static ChildApp start(List<String> javaOptions, List<String> arguments, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        javaOptions.stream().filter(o -> !o.isBlank()).forEach(command::add);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(BenchCli.class.getName());
        command.add("live-child");
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        return new ChildApp(builder.start(), log);
    }

    long pid() {
        return process.pid();
    }

    /** Waits for the next message of kind {@code event}; fails on a different one, the child's exit or timeout. */
    Map<String, Object> await(String event, Duration timeout) throws InterruptedException {
        Map<String, Object> m = messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (m == null) {
            throw new IllegalStateException("child " + pid() + " sent no '" + event + "' within " + timeout
                    + " (its log: " + log + ")");
        }
        if (!event.equals(m.get("event"))) {
            throw new IllegalStateException("child " + pid() + " sent " + m.get("event") + " instead of '" + event
                    + "' (its log: " + log + ")");
        }
        return m;
    }

    /** Sends one command and waits for its answer of kind {@code event}. */
    Map<String, Object> ask(String command, String event, Duration timeout) throws IOException, InterruptedException {
        commands.write(command + "\n");
        commands.flush();
        return await(event, timeout);
    }

    /** Asks the app to stop cleanly; returns its last figures (a deep sample) once it has closed. */
    Map<String, Object> stop(Duration timeout) throws IOException, InterruptedException {
        Map<String, Object> last = ask("stop", "stopping", timeout);
        await("closed", timeout);
        return last;
    }

    /** Waits for the child to exit by itself; returns its exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("child " + pid() + " did not exit within " + timeout);
        }
        return process.exitValue();
    }

    private void read() {
        ObjectMapper mapper = new ObjectMapper();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
             Writer logFile = java.nio.file.Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith(LiveChild.PREFIX)) {
                    messages.add(mapper.readValue(line.substring(LiveChild.PREFIX.length()), new TypeReference<>() {
                    }));
                } else {
                    logFile.write(line);
                    logFile.write('\n');
                    logFile.flush();
                }
            }
        } catch (IOException e) {
            // The child went away; EOF below tells whoever waits.
        }
        messages.add(EOF);
    }

    /** Closes stdin (the child then closes its app and exits) and, if it lingers, ends it. */
    @Override
    public void close() throws InterruptedException {
        try {
            commands.close();
        } catch (IOException e) {
            // already gone
        }
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    static long asLong(Object number) {
        return ((Number) number).longValue();
    }

    static double asDouble(Object number) {
        return ((Number) number).doubleValue();
    }
}
