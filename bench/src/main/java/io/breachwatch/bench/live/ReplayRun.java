package io.breachwatch.bench.live;

import io.breachwatch.detector.cli.BreachwatchCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Offline replay of the corpus's JSON lines file, through {@code breachwatch replay} itself (its command line, in
 * this JVM, as the forensics benchmark runs it): the same parser, reorder buffer and detection core as a user's
 * replay, no broker.
 */
final class ReplayRun {
    private static final Pattern REPLAYED = Pattern.compile("replayed (\\d+) events");

    /**
     * One replay's figures.
     *
     * @param number        1-based repeat
     * @param events        events replayed (as the replay summary counts them)
     * @param bytes         size of the file
     * @param seconds       wall-clock time of the whole command
     * @param alerts        alerts it wrote
     * @param peakHeapBytes peak heap in use
     * @param rssPeakBytes  peak resident set size (VmHWM, reset at the start)
     * @param load1m        one-minute load average at the end
     */
    record Result(int number, long events, long bytes, double seconds, long alerts, long peakHeapBytes,
                  long rssPeakBytes, double load1m) {
        double eventsPerSecond() {
            return events / seconds;
        }

        double megabytesPerSecond() {
            return bytes / 1e6 / seconds;
        }
    }

    private ReplayRun() {
    }

    static Result run(Path file, int number, Path workDir, ProcessMemory memory) throws IOException {
        Path alerts = Files.createTempFile(workDir, "replay-alerts-", ".jsonl");
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        PrintStream savedErr = System.err;
        System.gc();
        memory.resetPeaks();
        long started = System.nanoTime();
        int exit;
        try {
            System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
            exit = BreachwatchCli.commandLine().execute("replay", "--progress", "none", "--out", alerts.toString(),
                    file.toString());
        } finally {
            System.setErr(savedErr);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long peakHeap = memory.peakHeap();
        long rssPeak = ProcessMemory.rssHighWaterMark();
        String summary = stderr.toString(StandardCharsets.UTF_8);
        Matcher replayed = REPLAYED.matcher(summary);
        if (exit != 0 || !replayed.find()) {
            throw new IllegalStateException("breachwatch replay exited " + exit + ": " + summary);
        }
        long alertCount;
        try (Stream<String> lines = Files.lines(alerts)) {
            alertCount = lines.filter(line -> !line.isBlank()).count();
        }
        Files.delete(alerts);
        return new Result(number, Long.parseLong(replayed.group(1)), Files.size(file), seconds, alertCount, peakHeap,
                rssPeak, LoadAverage.oneMinute());
    }
}
