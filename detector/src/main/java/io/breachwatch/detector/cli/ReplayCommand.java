package io.breachwatch.detector.cli;

import io.breachwatch.detector.config.DetectorConfig;
import io.breachwatch.detector.engine.DetectionEngine;
import io.breachwatch.detector.replay.Replay;
import io.breachwatch.detector.replay.ReplaySummary;
import io.breachwatch.schema.json.EventJson;
import io.breachwatch.schema.parse.LogFormat;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Year;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Forensic replay of raw logs through the detection rules, with no broker: alerts as JSON lines, progress and a
 * summary on stderr.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay historical logs (files, directories, globs, .gz, - for stdin) through the rules.")
final class ReplayCommand implements Callable<Integer> {
    enum ProgressMode { auto, bar, plain, none }

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "Input format when it cannot be detected: sshd-syslog, zeek-tsv, zeek-json, cloudtrail, "
                    + "combined-log, canonical-jsonl.")
    String format;

    @Option(names = "--rules", paramLabel = "FILE", description = "Rules file laid over the built-in catalogue.")
    Path rules;

    @Option(names = "--out", paramLabel = "FILE", description = "Write alerts (JSON lines) here instead of stdout.")
    Path out;

    @Option(names = "--incidents-out", paramLabel = "FILE", description = "Write incidents (JSON lines) here.")
    Path incidentsOut;

    @Option(names = "--year", paramLabel = "YEAR",
            description = "Year of the first syslog line (syslog timestamps have none). Default: this year.")
    Integer year;

    @Option(names = "--zone", defaultValue = "UTC", paramLabel = "ZONE",
            description = "Time zone of syslog timestamps. Default: ${DEFAULT-VALUE}.")
    String zone;

    @Option(names = "--reorder-buffer", defaultValue = "1000000", paramLabel = "EVENTS",
            description = "Events held to restore event-time order; smaller inputs are fully sorted. "
                    + "Default: ${DEFAULT-VALUE}.")
    int reorderBuffer;

    @Option(names = "--progress", defaultValue = "auto", paramLabel = "MODE",
            description = "auto (a bar on a terminal, periodic lines otherwise), bar, plain or none.")
    ProgressMode progress;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Log files, directories, globs or - (stdin).")
    List<String> paths;

    @Override
    public Integer call() throws Exception {
        PrintStream err = System.err;
        LogFormat logFormat = null;
        if (format != null) {
            logFormat = LogFormat.fromId(format).orElseThrow(() -> new IllegalArgumentException(
                    "unknown --format '" + format + "'; one of: " + LogFormat.ids()));
        }
        DetectorConfig config = DetectorConfig.defaults().withMaxAge(null).withRulesFile(rules);
        DetectionEngine engine = DetectionEngine.of(config.rules(), config.grace());
        Replay replay = new Replay(engine, new Replay.Options(logFormat, year == null ? Year.now().getValue() : year,
                ZoneId.of(zone), reorderBuffer));
        List<Path> inputs = Replay.inputs(paths);
        long total = Replay.totalBytes(inputs);

        try (OutputStream alertStream = out == null ? nonClosing(System.out)
                : new BufferedOutputStream(Files.newOutputStream(out));
             OutputStream incidentStream = incidentsOut == null ? OutputStream.nullOutputStream()
                     : new BufferedOutputStream(Files.newOutputStream(incidentsOut));
             ProgressDisplay display = ProgressDisplay.of(mode(), total, err)) {
            ReplaySummary summary = replay.run(inputs,
                    alert -> writeLine(alertStream, EventJson.strict().write(alert)),
                    incident -> writeLine(incidentStream, EventJson.strict().write(incident)),
                    display::update);
            display.close();
            summary.lines().forEach(line -> err.println("breachwatch replay: " + line));
        }
        return 0;
    }

    private ProgressMode mode() {
        if (progress != ProgressMode.auto) {
            return progress;
        }
        // System.console() is non-null only when stdin and stdout are a terminal: alerts piped to a file or a
        // CI log get plain lines rather than carriage-return animations.
        return System.console() != null ? ProgressMode.bar : ProgressMode.plain;
    }

    private static void writeLine(OutputStream out, byte[] json) {
        try {
            out.write(json);
            out.write('\n');
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static OutputStream nonClosing(OutputStream out) {
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }

    /** Progress on stderr: a bar, a line every few seconds, or nothing. */
    private interface ProgressDisplay extends AutoCloseable {
        void update(long bytes, long events);

        @Override
        void close();

        static ProgressDisplay of(ProgressMode mode, long totalBytes, PrintStream err) {
            switch (mode) {
                case bar:
                    ProgressBar bar = new ProgressBarBuilder().setTaskName("replay")
                            .setInitialMax(Math.max(totalBytes, 0)).setUnit(" MB", 1_000_000).showSpeed()
                            .setUpdateIntervalMillis(250)
                            .setConsumer(new ConsoleProgressBarConsumer(err)).build();
                    return new ProgressDisplay() {
                        public void update(long bytes, long events) {
                            bar.stepTo(bytes);
                            bar.setExtraMessage(String.format("%,d events", events));
                        }

                        public void close() {
                            bar.close();
                        }
                    };
                case plain:
                    long start = System.nanoTime();
                    long[] next = {start + 5_000_000_000L};
                    return new ProgressDisplay() {
                        public void update(long bytes, long events) {
                            long now = System.nanoTime();
                            if (now >= next[0]) {
                                next[0] = now + 5_000_000_000L;
                                double s = (now - start) / 1e9;
                                String eta = totalBytes > 0 && bytes > 0
                                        ? String.format(", ETA %.0f s", (totalBytes - bytes) * s / bytes) : "";
                                err.printf("breachwatch replay: %,d events, %.1f MB%s, %,.0f events/s%s%n", events,
                                        bytes / 1e6, totalBytes > 0 ? String.format(" of %.1f MB", totalBytes / 1e6)
                                                : "", events / s, eta);
                            }
                        }

                        public void close() {
                        }
                    };
                default:
                    return new ProgressDisplay() {
                        public void update(long bytes, long events) {
                        }

                        public void close() {
                        }
                    };
            }
        }
    }

}
