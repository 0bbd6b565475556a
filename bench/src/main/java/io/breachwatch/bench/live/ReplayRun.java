package io.breachwatch.bench.live;

import io.breachwatch.detector.replay.ReplayJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Offline replay of the corpus's JSON lines file, through {@code breachwatch replay} itself (its command line, run
 * in a JVM of its own with the same options as the live apps, plus the collector {@code bin/breachwatch} chooses for
 * replay, see {@link ReplayJvm}): the same parser, reorder buffer and detection core as a user's replay, no broker.
 * Its time is that of the command, without the JVM's start-up.
 */
final class ReplayRun {
    private static final Pattern REPLAYED = Pattern.compile("replayed (\\d+) events");

    /**
     * One replay's figures.
     *
     * @param number        1-based repeat
     * @param events        events replayed (as the replay summary counts them)
     * @param bytes         size of the file
     * @param seconds       wall-clock time of the whole command (in the child, so JVM start-up excluded)
     * @param alerts        alerts it wrote
     * @param peakHeapBytes peak heap in use of the replay's JVM
     * @param rssPeakBytes  peak resident set size of the replay's JVM (VmHWM)
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

    static Result run(Path file, int number, Path workDir, List<String> javaOptions) throws Exception {
        Path alerts = Files.createTempFile(workDir, "replay-alerts-", ".jsonl");
        Map<String, Object> done;
        int exit;
        try (ChildApp replay = ChildApp.start(ReplayJvm.withReplayDefaults(javaOptions), List.of("--kind", ChildApp.REPLAY, "--replay-file",
                file.toString(), "--replay-out", alerts.toString()), workDir.resolve("replay-" + number + ".log"))) {
            done = replay.await("replayed", Duration.ofHours(1));
            exit = replay.awaitExit(Duration.ofMinutes(1));
        }
        String summary = (String) done.get("summary");
        Matcher replayed = REPLAYED.matcher(summary);
        if (exit != 0 || !replayed.find()) {
            throw new IllegalStateException("breachwatch replay exited " + exit + ": " + summary);
        }
        long alertCount;
        try (Stream<String> lines = Files.lines(alerts)) {
            alertCount = lines.filter(line -> !line.isBlank()).count();
        }
        Files.delete(alerts);
        return new Result(number, Long.parseLong(replayed.group(1)), Files.size(file),
                ChildApp.asDouble(done.get("seconds")), alertCount, ChildApp.asLong(done.get("peak_heap")),
                ChildApp.asLong(done.get("rss_peak")), LoadAverage.oneMinute());
    }
}
