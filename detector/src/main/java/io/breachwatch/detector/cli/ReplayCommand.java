package io.breachwatch.detector.cli;

import io.breachwatch.detector.config.DetectorConfig;
import io.breachwatch.detector.engine.DetectionEngine;
import io.breachwatch.detector.replay.KafkaReplaySink;
import io.breachwatch.detector.replay.Replay;
import io.breachwatch.detector.replay.ReplayTarget;
import io.breachwatch.detector.replay.ReplaySummary;
import io.breachwatch.detector.replay.report.ReplayReport;
import io.breachwatch.schema.Alert;
import io.breachwatch.schema.Incident;
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
import java.util.function.Consumer;
import java.util.stream.Collectors;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Option(names = "--report", paramLabel = "FILE",
            description = "Also write a self-contained HTML report (totals, timeline, alerts, incidents) here.")
    Path report;

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

    @Option(names = "--to-kafka",
            description = "Publish the parsed events (event-time order, original timestamps, keyed by entity) to the "
                    + "replay input topics instead of detecting offline; prints the `run` settings of a separate "
                    + "detector over them. Kafka settings: --config, --bootstrap-servers, --set.")
    boolean toKafka;

    @Option(names = "--replay-prefix", defaultValue = ReplayTarget.DEFAULT_PREFIX, paramLabel = "PREFIX",
            description = "With --to-kafka: prefix of the replay topics (PREFIX.events.auth, PREFIX.alerts, ...) and, "
                    + "dots as dashes, of the replay application id. Default: ${DEFAULT-VALUE}.")
    String replayPrefix;

    @Mixin
    ConfigOptions kafka;

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
        // The settings run would use (--config, environment, --set: rules file, grace, pseudonymization key),
        // without the bound on old events, which are what a replay is for
        DetectorConfig config = kafka.load().withMaxAge(null);
        if (rules != null) {
            config = config.withRulesFile(rules);
        }
        DetectionEngine engine = config.detectionEngine();
        Replay replay = new Replay(engine, new Replay.Options(logFormat, year == null ? Year.now().getValue() : year,
                ZoneId.of(zone), reorderBuffer));
        List<Path> inputs = Replay.inputs(paths);
        long total = Replay.totalBytes(inputs);
        if (toKafka) {
            return publish(replay, inputs, total, err);
        }

        try (OutputStream alertStream = out == null ? nonClosing(System.out)
                : new BufferedOutputStream(Files.newOutputStream(out));
             OutputStream incidentStream = incidentsOut == null ? OutputStream.nullOutputStream()
                     : new BufferedOutputStream(Files.newOutputStream(incidentsOut));
             ProgressDisplay display = ProgressDisplay.of(mode(), total, err)) {
            ReplayReport page = new ReplayReport();
            Consumer<Alert> alertSink = alert -> writeLine(alertStream, EventJson.strict().write(alert));
            Consumer<Incident> incidentSink = incident -> writeLine(incidentStream,
                    EventJson.strict().write(incident));
            ReplaySummary summary = report == null ? replay.run(inputs, alertSink, incidentSink, display::update)
                    : replay.run(inputs, page.alerts(alertSink), page.incidents(incidentSink), display::update,
                    page::event);
            display.close();
            if (report != null) {
                page.write(report, inputs.stream().map(Path::toString).collect(Collectors.toList()), summary);
                err.println("breachwatch replay: report written to " + report);
            }
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


    /**
     * {@code --to-kafka}: the replayed events go to the replay input topics (created if missing), for a separate
     * detector with its own application id and alert topic, so live detection is not disturbed.
     */
    private int publish(Replay replay, List<Path> inputs, long total, PrintStream err) throws Exception {
        DetectorConfig base = kafka.load();
        ReplayTarget target = ReplayTarget.of(replayPrefix);
        if (target.topics().inputs().stream().anyMatch(base.topics().inputs()::contains)
                || target.topics().alerts().equals(base.topics().alerts())) {
            err.println("breachwatch replay: warning: the replay topics are the live detector's topics ("
                    + target.topics().inputs() + "); live detection will see this history");
        }
        java.util.Map<String, Object> client = base.clientProperties();
        // One partition unless asked otherwise: then every rule group, whatever it is keyed by, sees the events in
        // exactly the replay's order, and the replay detector raises exactly the offline replay's alert ids.
        int partitions = kafka.settings.containsKey(DetectorConfig.PARTITIONS) ? base.partitions() : 1;
        List<String> created = KafkaReplaySink.createMissingTopics(client, target.topics().all(), partitions);
        if (!created.isEmpty()) {
            err.println("breachwatch replay: created topics " + created);
        }
        ReplaySummary summary;
        java.util.Map<String, Long> sent;
        try (KafkaReplaySink sink = new KafkaReplaySink(client, target.topics());
             ProgressDisplay display = ProgressDisplay.of(mode(), total, err)) {
            summary = replay.events(inputs, sink, display::update);
            display.close();
            sink.close();
            sent = sink.sent();
        }
        // The parse summary; alert and incident counts belong to offline detection (here the detector's job).
        summary.lines().stream().filter(line -> !line.startsWith("alerts:") && !line.startsWith("incidents:"))
                .forEach(line -> err.println("breachwatch replay: " + line));
        err.println("breachwatch replay: published " + sent + " (acks=all, idempotent, record time = event time)");
        System.out.println("# Detect over the replayed events with a separate detector (own state, own alert topic "
                + target.topics().alerts() + "):");
        System.out.println(target.runCommand(base.bootstrapServers()));
        System.out.flush();
        return 0;
    }
}
