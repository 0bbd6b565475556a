package io.breachwatch.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.breachwatch.detector.cli.BreachwatchCli;
import io.breachwatch.schema.CanonicalEvent;
import io.breachwatch.schema.parse.CanonicalJsonlParser;
import io.breachwatch.schema.parse.FormatDetector;
import io.breachwatch.schema.parse.LogReader;
import io.breachwatch.schema.parse.ParseResult;
import io.breachwatch.schema.parse.ParseStats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Offline replay throughput: a canonical JSON lines file of the requested size (simulated, cached) replayed through
 * the full default catalogue by the {@code breachwatch replay} command itself, in this JVM, several times; and, as
 * the in-run baseline, the same file only read and parsed (no reorder, no detection) with the parser replay uses.
 * Prints a table and the median and range of each, and writes the figures as JSON.
 */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measure offline replay (bin/breachwatch replay) of canonical JSON lines, full catalogue.")
final class ReplayBenchmark implements Callable<Integer> {
    /** Issue 4's target for offline replay of canonical JSONL on the 2-core reference machine. */
    static final double TARGET_FORENSICS = 200_000;
    /** Issue 6's target. */
    static final double TARGET_PERFORMANCE = 300_000;

    private static final Pattern REPLAYED = Pattern.compile("replayed (\\d+) events");
    private static final Pattern UNPARSEABLE = Pattern.compile("unparseable lines: (\\d+)");
    private static final Pattern INCIDENTS = Pattern.compile("incidents: (\\d+)");
    private static final Pattern ALERT_ID = Pattern.compile("\"alert_id\":\"([0-9a-f]+)\"");
    private static final Pattern RULE_ID = Pattern.compile("\"rule_id\":\"([^\"]+)\"");

    @Option(names = "--size", defaultValue = "1GB", paramLabel = "SIZE",
            description = "Size of the canonical JSONL file (decimal units: 1GB = 10^9 bytes). Default: ${DEFAULT-VALUE}.")
    String size;

    @Option(names = "--runs", defaultValue = "3", description = "Measured runs of each kind. Default: ${DEFAULT-VALUE}.")
    int runs;

    @Option(names = "--seed", defaultValue = "1", description = "Simulator seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--rate", defaultValue = "500",
            description = "Simulated background events per second of event time. Default: ${DEFAULT-VALUE}.")
    double rate;

    @Option(names = "--cache", defaultValue = "bench/target/corpus", paramLabel = "DIR",
            description = "Where the generated file is kept and reused. Default: ${DEFAULT-VALUE}.")
    Path cache;

    @Option(names = "--json", defaultValue = "bench/target/bench-replay.json", paramLabel = "FILE",
            description = "Where the figures are written as JSON. Default: ${DEFAULT-VALUE}.")
    Path json;

    @Option(names = "--skip-parse-baseline", description = "Measure replay only.")
    boolean skipBaseline;

    /** One measured run. */
    record Run(String kind, int number, long events, long bytes, double seconds, long peakHeapBytes,
               double gcSeconds, long alerts, long incidents, long unparseable, String alertDigest,
               double loadBefore, double loadAfter) {
        double eventsPerSecond() {
            return events / seconds;
        }

        double megabytesPerSecond() {
            return bytes / 1e6 / seconds;
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        if (runs < 1) {
            throw new IllegalArgumentException("--runs must be at least 1");
        }
        CanonicalCorpus corpus = CanonicalCorpus.ensure(cache, BenchFormat.bytes(size), seed, rate, out);
        Map<String, Object> machine = machine();
        out.printf("bench: %s; %s events (%s) from %s to %s; scenarios %s%n", machine, corpus.totalEvents(),
                corpus.events(), corpus.first(), corpus.last(), corpus.scenarios());

        HeapSampler heap = HeapSampler.start();
        List<Run> parse = new ArrayList<>();
        if (!skipBaseline) {
            for (int i = 1; i <= runs; i++) {
                parse.add(measure("parse", i, heap, () -> parseOnly(corpus)));
                print(out, parse.get(parse.size() - 1));
            }
        }
        List<Run> replay = new ArrayList<>();
        Map<String, Long> alertsByRule = new TreeMap<>();
        for (int i = 1; i <= runs; i++) {
            replay.add(measure("replay", i, heap, () -> replayCommand(corpus, alertsByRule)));
            print(out, replay.get(replay.size() - 1));
        }
        heap.stop();

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("benchmark", "offline replay of canonical JSONL, full default catalogue");
        result.put("command", "breachwatch replay --progress none --out FILE " + corpus.file());
        result.put("measured_at", Instant.now().toString());
        result.put("machine", machine);
        result.put("input", input(corpus));
        result.put("runs", runs(parse, replay));
        Map<String, Object> summary = summary(parse, replay);
        result.put("summary", summary);
        result.put("alerts_by_rule", alertsByRule);
        out.println();
        table(out, parse, replay, summary);
        Files.createDirectories(json.toAbsolutePath().getParent());
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(json.toFile(), result);
        out.println("bench: figures written to " + json);
        boolean sameAlerts = replay.stream().map(Run::alertDigest).distinct().count() == 1;
        if (!sameAlerts) {
            out.println("bench: ERROR: the runs raised different alert sets");
            return 1;
        }
        return 0;
    }

    private interface Body {
        Run run(int number) throws Exception;
    }

    private interface Measured {
        Counts run() throws Exception;
    }

    /** What one run counted, besides time and memory. */
    private record Counts(long events, long bytes, long alerts, long incidents, long unparseable, String digest) {
    }

    private Run measure(String kind, int number, HeapSampler heap, Measured body) throws Exception {
        System.gc();
        heap.reset();
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        double gcBefore = gcSeconds();
        long started = System.nanoTime();
        Counts counts = body.run();
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Run(kind, number, counts.events(), counts.bytes(), seconds, heap.peak(), gcSeconds() - gcBefore,
                counts.alerts(), counts.incidents(), counts.unparseable(), counts.digest(), loadBefore,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /** The baseline: read and parse every line with the parser replay chooses for the file, nothing else. */
    private static Counts parseOnly(CanonicalCorpus corpus) throws IOException {
        FormatDetector.Detection detection = FormatDetector.detect(corpus.file());
        CanonicalJsonlParser parser = CanonicalJsonlParser.mixed(detection.eventType());
        ParseStats stats = new ParseStats(corpus.file().getFileName().toString());
        long events = 0;
        long checksum = 0;
        try (LogReader reader = LogReader.open(corpus.file())) {
            LogReader.Line line;
            while ((line = reader.next()) != null) {
                ParseResult result = parser.parse(line.text(), line.number());
                stats.record(line.number(), result);
                for (CanonicalEvent event : result.events()) {
                    events++;
                    checksum += event.timestamp().toEpochMilli(); // keeps the events alive to the end
                }
            }
        }
        if (checksum == 42) {
            System.out.print("");
        }
        return new Counts(events, Files.size(corpus.file()), 0, 0, stats.unparseable(), "");
    }

    /** {@code breachwatch replay --progress none --out ALERTS FILE}, run by its own command line in this JVM. */
    private Counts replayCommand(CanonicalCorpus corpus, Map<String, Long> alertsByRule) throws IOException {
        Path alerts = Files.createTempFile(cache, "alerts-", ".jsonl");
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        PrintStream savedErr = System.err;
        int exit;
        try {
            System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
            exit = BreachwatchCli.commandLine().execute("replay", "--progress", "none", "--out", alerts.toString(),
                    corpus.file().toString());
        } finally {
            System.setErr(savedErr);
        }
        String summary = stderr.toString(StandardCharsets.UTF_8);
        if (exit != 0) {
            throw new IllegalStateException("replay exited " + exit + ": " + summary);
        }
        List<String> ids = new ArrayList<>();
        alertsByRule.clear();
        for (String line : Files.readAllLines(alerts)) {
            Matcher id = ALERT_ID.matcher(line);
            Matcher rule = RULE_ID.matcher(line);
            if (id.find() && rule.find()) {
                ids.add(id.group(1));
                alertsByRule.merge(rule.group(1), 1L, Long::sum);
            }
        }
        Files.delete(alerts);
        ids.sort(null);
        return new Counts(first(REPLAYED, summary), Files.size(corpus.file()), ids.size(), first(INCIDENTS, summary),
                first(UNPARSEABLE, summary), digest(ids));
    }

    private static long first(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no '" + pattern + "' in the replay summary: " + text);
        }
        return Long.parseLong(m.group(1));
    }

    private static String digest(List<String> sortedIds) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String id : sortedIds) {
                sha.update(id.getBytes(StandardCharsets.US_ASCII));
                sha.update((byte) '\n');
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double gcSeconds() {
        long millis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            millis += Math.max(0, gc.getCollectionTime());
        }
        return millis / 1000.0;
    }

    private static void print(PrintStream out, Run r) {
        out.printf(Locale.ROOT, "bench: %-6s run %d: %,d events in %.2f s = %,.0f events/s, %.1f MB/s, peak heap %,d MB,"
                        + " gc %.2f s, load average %.1f -> %.1f%s%n", r.kind(), r.number(), r.events(), r.seconds(),
                r.eventsPerSecond(), r.megabytesPerSecond(), r.peakHeapBytes() / 1_000_000, r.gcSeconds(),
                r.loadBefore(), r.loadAfter(),
                r.kind().equals("replay") ? String.format(", %d alerts (ids %s), %d incidents, %d unparseable",
                        r.alerts(), r.alertDigest(), r.incidents(), r.unparseable()) : "");
    }

    private static void table(PrintStream out, List<Run> parse, List<Run> replay, Map<String, Object> summary) {
        out.println("| kind   | run | events     | MB      | seconds | events/s  | MB/s  | peak heap MB | gc s  | alerts "
                + "| load avg  |");
        out.println("|--------|-----|------------|---------|---------|-----------|-------|--------------|-------|--------"
                + "|-----------|");
        List<Run> all = new ArrayList<>(parse);
        all.addAll(replay);
        for (Run r : all) {
            out.printf(Locale.ROOT, "| %-6s | %3d | %,10d | %7.1f | %7.2f | %,9.0f | %5.1f | %,12d | %5.2f | %6s "
                            + "| %4.1f→%4.1f |%n", r.kind(), r.number(), r.events(), r.bytes() / 1e6, r.seconds(),
                    r.eventsPerSecond(), r.megabytesPerSecond(), r.peakHeapBytes() / 1_000_000, r.gcSeconds(),
                    r.kind().equals("replay") ? Long.toString(r.alerts()) : "-", r.loadBefore(), r.loadAfter());
        }
        out.println();
        summary.forEach((key, value) -> out.println(key + ": " + value));
    }

    private Map<String, Object> summary(List<Run> parse, List<Run> replay) {
        Map<String, Object> s = new LinkedHashMap<>();
        BenchFormat.Spread replayRate = BenchFormat.Spread.of(replay.stream().map(Run::eventsPerSecond).toList());
        s.put("replay_events_per_second", replayRate.format("%,.0f"));
        s.put("replay_mb_per_second", BenchFormat.Spread.of(replay.stream().map(Run::megabytesPerSecond).toList())
                .format("%.1f"));
        s.put("replay_peak_heap_mb", BenchFormat.Spread.of(replay.stream()
                .map(r -> r.peakHeapBytes() / 1e6).toList()).format("%.0f"));
        if (!parse.isEmpty()) {
            BenchFormat.Spread parseRate = BenchFormat.Spread.of(parse.stream().map(Run::eventsPerSecond).toList());
            s.put("parse_only_events_per_second", parseRate.format("%,.0f"));
            s.put("parse_only_mb_per_second", BenchFormat.Spread.of(parse.stream().map(Run::megabytesPerSecond)
                    .toList()).format("%.1f"));
            s.put("replay_to_parse_ratio", String.format(Locale.ROOT, "%.2f", replayRate.median()
                    / parseRate.median()));
        }
        s.put("alerts", replay.get(0).alerts());
        s.put("incidents", replay.get(0).incidents());
        s.put("unparseable_lines", replay.get(0).unparseable());
        s.put("alert_set", replay.stream().map(Run::alertDigest).distinct().count() == 1
                ? "identical in every run (sha-256 of sorted ids " + replay.get(0).alertDigest() + ")"
                : "DIFFERS between runs");
        s.put("target_issue_4_200k", verdict(replayRate.median(), TARGET_FORENSICS));
        s.put("target_issue_6_300k", verdict(replayRate.median(), TARGET_PERFORMANCE));
        return s;
    }

    private static String verdict(double median, double target) {
        return String.format(Locale.ROOT, "%s (median %,.0f vs %,.0f events/s)", median >= target ? "met" : "MISSED",
                median, target);
    }

    private static List<Map<String, Object>> runs(List<Run> parse, List<Run> replay) {
        List<Map<String, Object>> rows = new ArrayList<>();
        List<Run> all = new ArrayList<>(parse);
        all.addAll(replay);
        for (Run r : all) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("kind", r.kind());
            row.put("run", r.number());
            row.put("events", r.events());
            row.put("bytes", r.bytes());
            row.put("seconds", r.seconds());
            row.put("events_per_second", Math.round(r.eventsPerSecond()));
            row.put("mb_per_second", Math.round(r.megabytesPerSecond() * 10) / 10.0);
            row.put("peak_heap_bytes", r.peakHeapBytes());
            row.put("gc_seconds", r.gcSeconds());
            // Other processes on the machine compete for its cores: the 1-minute load average, before and after.
            row.put("load_average_before", r.loadBefore());
            row.put("load_average_after", r.loadAfter());
            if (r.kind().equals("replay")) {
                row.put("alerts", r.alerts());
                row.put("incidents", r.incidents());
                row.put("unparseable_lines", r.unparseable());
                row.put("alert_ids_sha256_16", r.alertDigest());
            }
            rows.add(row);
        }
        return rows;
    }

    private static Map<String, Object> input(CanonicalCorpus corpus) {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("file", corpus.file().toString());
        in.put("bytes", corpus.bytes());
        in.put("events", corpus.totalEvents());
        in.put("events_by_type", corpus.events());
        in.put("mean_event_bytes", Math.round(10.0 * corpus.bytes() / corpus.totalEvents()) / 10.0);
        in.put("first_event", corpus.first().toString());
        in.put("last_event", corpus.last().toString());
        in.put("scenarios", corpus.scenarios());
        return in;
    }

    private static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
        m.put("max_heap_mb", Runtime.getRuntime().maxMemory() / 1_000_000);
        m.put("gc", ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName)
                .toList());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        m.put("jvm_arguments", ManagementFactory.getRuntimeMXBean().getInputArguments());
        return m;
    }
}
