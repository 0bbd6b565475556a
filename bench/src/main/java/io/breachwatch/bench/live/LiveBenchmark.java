package io.breachwatch.bench.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.breachwatch.detector.local.LocalKafka;
import io.breachwatch.detector.simulate.Simulation;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code live}: breachwatch through a real broker, side by side with a bare Kafka Streams baseline, in one run on
 * one machine. Starts the project's local broker, produces N simulated events into the input topics once (and
 * writes them as canonical JSON lines), then measures, each several times and each app in a JVM of its own
 * ({@link ChildApp}): the bare baseline and breachwatch with the full default catalogue catching up on those events
 * (alternating), event-to-alert latency at a steady rate, and offline replay of the JSON lines file. Prints tables
 * and writes every figure as JSON. {@code --soak} runs the memory soak instead ({@link SoakRun}).
 */
@Command(name = "live", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measure breachwatch through a local broker against a bare Kafka Streams baseline: "
                + "throughput, event-to-alert latency, offline replay; or --soak for the memory soak.")
public final class LiveBenchmark implements Callable<Integer> {

    /** What a run measures; all by default. */
    enum Phase { THROUGHPUT, LATENCY, REPLAY }

    @Option(names = "--events", defaultValue = "2000000", description = "Events in the corpus. Default: ${DEFAULT-VALUE}.")
    long events;

    @Option(names = "--repeats", defaultValue = "3", description = "Runs of each measurement. Default: ${DEFAULT-VALUE}.")
    int repeats;

    @Option(names = "--rate", defaultValue = "10000",
            description = "Events per second in the latency run. Default: ${DEFAULT-VALUE}.")
    double rate;

    @Option(names = "--latency-seconds", defaultValue = "30",
            description = "Measured seconds per latency run (one probe a second). Default: ${DEFAULT-VALUE}.")
    int latencySeconds;

    @Option(names = "--latency-warmup", defaultValue = "10",
            description = "Seconds of traffic before the first probe. Default: ${DEFAULT-VALUE}.")
    int latencyWarmup;

    @Option(names = "--partitions", defaultValue = "4", description = "Partitions of every topic. Default: ${DEFAULT-VALUE}.")
    int partitions;

    @Option(names = "--threads", defaultValue = "1",
            description = "num.stream.threads of both apps. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--app-java-options", split = " ", paramLabel = "OPTIONS",
            description = "JVM options of every measured app's own JVM (baseline, breachwatch, replay alike), e.g. "
                    + "'-Xmx2g'. Default: none, the JVM's defaults, as bin/breachwatch starts the detector.")
    List<String> appJavaOptions = new ArrayList<>();

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "A detector or Kafka Streams setting for both apps of the throughput and latency runs, e.g. "
                    + "commit.interval.ms=100 (repeatable). Default: none, the defaults every user gets.")
    Map<String, String> appSettings = new java.util.TreeMap<>();

    @Option(names = "--seed", defaultValue = "1", description = "Simulator seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--event-span-minutes", defaultValue = "60",
            description = "Event time the corpus spans (the March incident starts 20 minutes in). Default: ${DEFAULT-VALUE}.")
    int eventSpanMinutes;

    @Option(names = "--phases", split = ",", defaultValue = "throughput,latency,replay",
            description = "Which measurements to run. Default: ${DEFAULT-VALUE}.")
    List<String> phases;

    @Option(names = "--work-dir", defaultValue = "bench/target/live", paramLabel = "DIR",
            description = "Corpus file and state directories. Default: ${DEFAULT-VALUE}.")
    Path workDir;

    @Option(names = "--keep-corpus", description = "Keep the JSON lines file (deleted at the end by default).")
    boolean keepCorpus;

    @Option(names = "--json", defaultValue = "bench/target/live-bench.json", paramLabel = "FILE",
            description = "Where the figures are written. Default: ${DEFAULT-VALUE}.")
    Path json;

    @Option(names = "--soak", description = "Run the memory soak instead (see the --soak-* options).")
    boolean soak;

    @Option(names = "--soak-events", defaultValue = "20000000", description = "Default: ${DEFAULT-VALUE}.")
    long soakEvents;

    @Option(names = "--soak-users", defaultValue = "1000000",
            description = "Simulated users, each with a home address. Default: ${DEFAULT-VALUE}.")
    int soakUsers;

    @Option(names = "--soak-span-hours", defaultValue = "10",
            description = "Event time the soak spans. Default: ${DEFAULT-VALUE}.")
    int soakSpanHours;

    @Option(names = "--sample-seconds", defaultValue = "10",
            description = "Soak: seconds between memory samples. Default: ${DEFAULT-VALUE}.")
    int sampleSeconds;

    @Option(names = "--soak-json", defaultValue = "bench/target/live-soak.json", paramLabel = "FILE",
            description = "Where the soak's samples and verdict are written. Default: ${DEFAULT-VALUE}.")
    Path soakJson;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        validate();
        Files.createDirectories(workDir);
        Map<String, Object> machine = Machine.describe();
        out.printf("live: %s%nlive: load average (1 min) at start: %.2f%n", machine, LoadAverage.oneMinute());
        String runId = UUID.randomUUID().toString().substring(0, 8);
        try (LocalKafka kafka = LocalKafka.start()) {
            out.printf("live: local broker at %s (started in %.1f s)%n", kafka.bootstrapServers(),
                    kafka.startupTime().toMillis() / 1e3);
            if (soak) {
                SoakRun.Settings settings = new SoakRun.Settings(soakEvents, soakUsers,
                        Duration.ofHours(soakSpanHours), partitions, threads, seed, Duration.ofSeconds(sampleSeconds));
                return new SoakRun(kafka, settings, workDir, appJavaOptions, out).run(runId, machine, soakJson);
            }
            return measure(kafka, runId, machine, out);
        }
    }

    private int measure(LocalKafka kafka, String runId, Map<String, Object> machine,
                        PrintStream out) throws Exception {
        Set<Phase> selected = EnumSet.noneOf(Phase.class);
        phases.forEach(p -> selected.add(Phase.valueOf(p.trim().toUpperCase(Locale.ROOT))));
        LiveCorpus corpus = null;
        if (selected.contains(Phase.THROUGHPUT) || selected.contains(Phase.REPLAY)) {
            Duration span = Duration.ofMinutes(eventSpanMinutes);
            double simulatedRate = events / (double) span.toSeconds();
            Simulation simulation = Simulation.create(Simulation.Settings.of("march-incident",
                            Instant.now().minus(span)).withSeed(seed).withRate(simulatedRate)
                    .withAttackOffset(min(Simulation.Settings.DEFAULT_ATTACK_OFFSET, span.dividedBy(3))));
            out.printf("live: producing %,d events (march-incident, seed %d, %.0f background events/s of event "
                    + "time over %d minutes ending now) into %d-partition topics...%n", events, seed, simulatedRate,
                    eventSpanMinutes, partitions);
            corpus = LiveCorpus.produce(kafka, RunConfigs.inputs(runId), partitions, simulation, events,
                    workDir.resolve("events-" + runId + ".jsonl"), event -> { }, out);
            out.printf("live: produced %,d events, %,.1f MB (%.0f bytes each on average; %s) in %.1f s%n",
                    corpus.events(), corpus.bytes() / 1e6, corpus.meanEventBytes(), corpus.byType(),
                    corpus.seconds());
        }
        List<CatchUpRun.Result> baseline = new ArrayList<>();
        List<CatchUpRun.Result> breachwatch = new ArrayList<>();
        List<LatencyRun.Result> latency = new ArrayList<>();
        List<ReplayRun.Result> replay = new ArrayList<>();
        try {
            if (selected.contains(Phase.THROUGHPUT)) {
                CatchUpRun runs = new CatchUpRun(kafka, corpus, partitions, threads, workDir, appJavaOptions, appSettings,
                        out);
                for (int i = 1; i <= repeats; i++) {
                    // Alternating, so that a change in the machine's load hits both kinds alike.
                    for (String kind : List.of(CatchUpRun.BASELINE, CatchUpRun.BREACHWATCH)) {
                        CatchUpRun.Result r = runs.run(kind, i, runId);
                        (kind.equals(CatchUpRun.BASELINE) ? baseline : breachwatch).add(r);
                        out.printf(Locale.ROOT, "live: %-11s run %d: %,.0f events/s, %.2f MB/s (%.1f s after %.1f s "
                                        + "start-up), peak heap %,.0f MB, peak RSS %,.0f MB, state %,.1f MB, dropped "
                                        + "%.0f, alerts %s, dead letters %s %s, load %.1f%n", kind, i,
                                r.eventsPerSecond(), r.megabytesPerSecond(), r.seconds(), r.startupSeconds(),
                                r.peakHeapBytes() / 1e6, r.rssPeakBytes() / 1e6, r.stateBytes() / 1e6,
                                r.droppedRecords(), LiveReport.count(r.alerts()), LiveReport.count(r.deadLetters()),
                                r.deadLettersByReason(), r.load1m());
                    }
                }
            }
            if (selected.contains(Phase.LATENCY)) {
                LatencyRun runs = new LatencyRun(kafka, partitions, threads, workDir, appJavaOptions,
                        appSettings);
                for (int i = 1; i <= repeats; i++) {
                    LatencyRun.Result r = runs.run(i, rate, Duration.ofSeconds(latencySeconds),
                            Duration.ofSeconds(latencyWarmup), seed + i, runId);
                    latency.add(r);
                    out.printf(Locale.ROOT, "live: latency run %d: %,.0f events/s sent, %d of %d probe alerts "
                                    + "read%s, records uncommitted when sending stopped: %,d, load %.1f%n", i,
                            r.sentRate(), r.latenciesMs().size(), r.probes(), r.latenciesMs().isEmpty() ? ""
                                    : String.format(Locale.ROOT, ", p50 %,.0f ms, p99 %,.0f ms, max %,.0f ms",
                                    Stats.percentile(r.latenciesMs(), 50), Stats.percentile(r.latenciesMs(), 99),
                                    Stats.percentile(r.latenciesMs(), 100)), r.lagAtEnd(), r.load1m());
                }
            }
            if (selected.contains(Phase.REPLAY)) {
                for (int i = 1; i <= repeats; i++) {
                    ReplayRun.Result r = ReplayRun.run(corpus.file(), i, workDir, appJavaOptions);
                    replay.add(r);
                    out.printf(Locale.ROOT, "live: replay run %d: %,d events in %.2f s = %,.0f events/s, %.2f MB/s, "
                                    + "%,d alerts, peak heap %,.0f MB, load %.1f%n", i, r.events(), r.seconds(),
                            r.eventsPerSecond(), r.megabytesPerSecond(), r.alerts(), r.peakHeapBytes() / 1e6,
                            r.load1m());
                }
            }
        } finally {
            if (corpus != null && corpus.file() != null && !keepCorpus) {
                Files.deleteIfExists(corpus.file());
            }
        }

        LiveReport report = new LiveReport(baseline, breachwatch, latency, replay);
        if (!baseline.isEmpty() || !breachwatch.isEmpty() || !replay.isEmpty()) {
            out.println();
            report.summaryTable().forEach(out::println);
        }
        if (!baseline.isEmpty()) {
            out.println();
            report.catchUpRuns().forEach(out::println);
        }
        if (!latency.isEmpty()) {
            out.println();
            report.latencyRuns().forEach(out::println);
        }
        if (!replay.isEmpty()) {
            out.println();
            report.replayRuns().forEach(out::println);
        }
        out.println();
        report.verdicts().forEach((what, verdict) -> out.println(what + ": " + verdict));

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("benchmark", "breachwatch live: through the local broker, against a bare Kafka Streams baseline");
        result.put("measured_at", Instant.now().toString());
        result.put("machine", machine);
        result.put("settings", settings());
        if (corpus != null) {
            result.put("input", input(corpus));
        }
        result.putAll(report.json());
        Files.createDirectories(json.toAbsolutePath().getParent());
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(json.toFile(), result);
        out.println("live: figures written to " + json);
        return 0;
    }

    private void validate() {
        if (events < 1_000 || repeats < 1 || rate <= 0 || latencySeconds < 1 || latencyWarmup < 0 || partitions < 1
                || threads < 1 || eventSpanMinutes < 1 || soakEvents < 1_000 || soakUsers < 200
                || soakSpanHours < 1 || sampleSeconds < 1) {
            throw new IllegalArgumentException("--events and --soak-events must be at least 1000, --soak-users at "
                    + "least 200, --latency-warmup at least 0, every other count and duration at least 1");
        }
        if (latencySeconds >= BruteForceProbe.MAX_PROBES - 2) {
            throw new IllegalArgumentException("--latency-seconds must be below " + (BruteForceProbe.MAX_PROBES - 2));
        }
    }

    private Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("events", events);
        s.put("repeats", repeats);
        s.put("latency_rate", rate);
        s.put("latency_seconds", latencySeconds);
        s.put("latency_warmup_seconds", latencyWarmup);
        s.put("probe_interval_ms", LatencyRun.PROBE_INTERVAL.toMillis());
        s.put("partitions", partitions);
        s.put("num_stream_threads", threads);
        s.put("seed", seed);
        s.put("app_java_options", appJavaOptions);
        s.put("app_settings", appSettings);
        // What both apps run with, read from the configuration they are built from.
        java.util.Properties streams = io.breachwatch.detector.config.ConfigSources.defaults()
                .withOverrides(appSettings).build().streamsProperties();
        s.put("processing_guarantee", streams.getProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
        s.put("commit_interval_ms", streams.getProperty(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG));
        s.put("event_span_minutes", eventSpanMinutes);
        s.put("phases", phases);
        return s;
    }

    private static Map<String, Object> input(LiveCorpus corpus) {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("scenario", "march-incident");
        in.put("events", corpus.events());
        in.put("bytes", corpus.bytes());
        in.put("mean_event_bytes", LiveReport.round(corpus.meanEventBytes(), 1));
        in.put("events_by_type", corpus.byType());
        in.put("first_event", corpus.first().toString());
        in.put("last_event", corpus.last().toString());
        in.put("produce_seconds", LiveReport.round(corpus.seconds(), 1));
        return in;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
