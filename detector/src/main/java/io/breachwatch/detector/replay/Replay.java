package io.breachwatch.detector.replay;

import io.breachwatch.detector.engine.DetectionEngine;
import io.breachwatch.schema.Alert;
import io.breachwatch.schema.CanonicalEvent;
import io.breachwatch.schema.Incident;
import io.breachwatch.schema.parse.AccessLogParser;
import io.breachwatch.schema.parse.CanonicalJsonlParser;
import io.breachwatch.schema.parse.CloudTrailParser;
import io.breachwatch.schema.parse.FormatDetector;
import io.breachwatch.schema.parse.LogFormat;
import io.breachwatch.schema.parse.LogParser;
import io.breachwatch.schema.parse.SshdSyslogParser;
import io.breachwatch.schema.parse.ZeekParser;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Forensic replay of raw log files through the detection engine, with no broker: every input is parsed by the parser
 * of its format, events are put back into event-time order (bounded), and fed to {@link OfflineDetection}, the same
 * rule engine the live topology runs.
 */
public final class Replay {
    /**
     * @param format          the format of every input, or null to detect each input's format
     * @param syslogYear      the year of the first line of syslog inputs (syslog timestamps carry none)
     * @param zone            the time zone of syslog timestamps
     * @param reorderCapacity events held to restore event-time order (inputs smaller than this are fully sorted)
     */
    public record Options(LogFormat format, int syslogYear, ZoneId zone, int reorderCapacity) {
    }

    /** Called as input is consumed, with the bytes read and events parsed so far. */
    public interface Progress {
        void update(long bytesRead, long events);
    }

    private final DetectionEngine engine;
    private final Options options;

    public Replay(DetectionEngine engine, Options options) {
        this.engine = engine;
        this.options = options;
    }

    /** Total size of the inputs in bytes (-1 when one is standard input), for progress and ETA. */
    public static long totalBytes(List<Path> inputs) throws IOException {
        long total = 0;
        for (Path p : inputs) {
            if (p.equals(ReplayInputs.STDIN)) {
                return -1;
            }
            total += Files.size(p);
        }
        return total;
    }

    public static List<Path> inputs(List<String> arguments) {
        return ReplayInputs.expand(arguments);
    }

    /**
     * Replays the inputs; alerts go to {@code alerts} as they are raised, incidents (latest version of each) at the
     * end.
     *
     * @throws IllegalArgumentException when an input's format cannot be told and no format was given
     */
    public ReplaySummary run(List<Path> inputs, Consumer<Alert> alerts, Consumer<Incident> incidents,
                             Progress progress) throws IOException {
        return run(inputs, alerts, incidents, progress, event -> { });
    }

    /**
     * As {@link #run(List, Consumer, Consumer, Progress)}, also showing {@code events} every event in the order it is
     * fed to the rules (event-time order, within the reorder buffer), e.g. to draw a timeline.
     */
    public ReplaySummary run(List<Path> inputs, Consumer<Alert> alerts, Consumer<Incident> incidents,
                             Progress progress, Consumer<? super CanonicalEvent> events) throws IOException {
        long started = System.nanoTime();
        ReplaySummary summary = new ReplaySummary();
        OfflineDetection detection = new OfflineDetection(engine);
        long bytes = parse(inputs, summary, event -> {
            events.accept(event);
            for (Alert alert : detection.feed(event)) {
                summary.alert(alert);
                alerts.accept(alert);
            }
        }, progress);
        detection.incidents().forEach(incidents);
        summary.incidents(detection.incidents().size());
        summary.late(detection.lateEvents());
        summary.bytes(bytes);
        summary.elapsed(Duration.ofNanos(System.nanoTime() - started));
        return summary;
    }

    /**
     * Parses the inputs and hands every event to {@code sink} in the same order {@link #run} feeds the engine (event
     * time, after the reorder buffer), without detecting anything: the source of {@code replay --to-kafka}. The
     * summary counts events, files and bytes; its alert, late and incident counts stay zero.
     *
     * @throws IllegalArgumentException when an input's format cannot be told and no format was given
     */
    public ReplaySummary events(List<Path> inputs, Consumer<CanonicalEvent> sink, Progress progress)
            throws IOException {
        long started = System.nanoTime();
        ReplaySummary summary = new ReplaySummary();
        summary.bytes(parse(inputs, summary, sink, progress));
        summary.elapsed(Duration.ofNanos(System.nanoTime() - started));
        return summary;
    }

    /** Parses every input into the reorder buffer, whose output goes to {@code sink}; returns the bytes read. */
    private long parse(List<Path> inputs, ReplaySummary summary, Consumer<CanonicalEvent> sink, Progress progress)
            throws IOException {
        List<LogFormatChoice> formats = new ArrayList<>();
        for (Path input : inputs) {
            formats.add(choose(input));
        }
        ReorderBuffer buffer = new ReorderBuffer(options.reorderCapacity(), event -> {
            summary.event(event);
            sink.accept(event);
        });
        AtomicLong bytes = new AtomicLong();
        List<ParsingThread.Input> jobs = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Path input = inputs.get(i);
            String name = input.equals(ReplayInputs.STDIN) ? "stdin" : input.getFileName().toString();
            jobs.add(new ParsingThread.Input(() -> counting(open(input), bytes), name, parser(formats.get(i), name)));
        }
        // Reading and parsing run on a second thread; ordering and the rules on this one, events one at a time.
        try (ParsingThread parsing = ParsingThread.start(jobs, bytes)) {
            while (true) {
                ParsingThread.Item item = parsing.take();
                if (item instanceof ParsingThread.Events batch) {
                    for (CanonicalEvent event : batch.events()) {
                        buffer.add(event);
                    }
                    progress.update(batch.bytesRead(), batch.eventsSoFar());
                } else if (item instanceof ParsingThread.InputDone done) {
                    summary.file(done.stats());
                    progress.update(done.bytesRead(), done.eventsSoFar());
                } else if (item instanceof ParsingThread.Failed failed) {
                    throw rethrown(failed.error());
                } else {
                    break;
                }
            }
        }
        buffer.drain();
        return bytes.get();
    }

    /** An error of the parsing thread, as the caller would have thrown it parsing by itself. */
    private static IOException rethrown(Throwable error) throws IOException {
        if (error instanceof IOException io) {
            throw io;
        }
        if (error instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (error instanceof Error fatal) {
            throw fatal;
        }
        throw new IOException(error);
    }

    /** The format of one input, with what detection learned about it (Zeek log kind, canonical event type). */
    private record LogFormatChoice(LogFormat format, FormatDetector.Detection detection) {
    }

    private LogParser parser(LogFormatChoice choice, String name) {
        switch (choice.format()) {
            case SSHD_SYSLOG:
                return new SshdSyslogParser(name, options.syslogYear(), options.zone());
            case ZEEK_TSV:
            case ZEEK_JSON:
                return choice.detection() == null || choice.detection().zeekLog() == null ? new ZeekParser(name)
                        : new ZeekParser(name, choice.detection().zeekLog());
            case CLOUDTRAIL:
                return new CloudTrailParser(name);
            case COMBINED_LOG:
                return new AccessLogParser(name);
            default:
                // Each line's type is told by its own fields (the first lines may all be logins and later ones
                // flows); a line that tells none is read as the detected type, to be rejected with its reason.
                return CanonicalJsonlParser.mixed(choice.detection() == null ? null
                        : choice.detection().eventType());
        }
    }

    private LogFormatChoice choose(Path input) throws IOException {
        if (options.format() != null && options.format() != LogFormat.CANONICAL_JSONL
                && options.format() != LogFormat.ZEEK_JSON && options.format() != LogFormat.ZEEK_TSV) {
            return new LogFormatChoice(options.format(), null);
        }
        if (input.equals(ReplayInputs.STDIN)) {
            throw new IllegalArgumentException("standard input needs --format (one of: " + LogFormat.ids() + ")");
        }
        FormatDetector.Detection detection = FormatDetector.detect(input);
        if (options.format() == null && !detection.detected()) {
            throw new IllegalArgumentException(input + ": " + detection.message());
        }
        return new LogFormatChoice(options.format() != null ? options.format() : detection.format(), detection);
    }

    private static InputStream open(Path input) throws IOException {
        return input.equals(ReplayInputs.STDIN) ? System.in : Files.newInputStream(input);
    }

    private static InputStream counting(InputStream in, AtomicLong bytes) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    bytes.incrementAndGet();
                }
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, len);
                if (n > 0) {
                    bytes.addAndGet(n);
                }
                return n;
            }
        };
    }
}
