package io.breachwatch.bench.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.breachwatch.detector.app.DetectorApp;
import io.breachwatch.detector.cli.BreachwatchCli;
import io.breachwatch.detector.config.ConfigSources;
import io.breachwatch.detector.config.DetectorConfig;
import io.breachwatch.detector.metrics.DetectorMetrics;
import io.breachwatch.schema.EventType;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code live-child}: the application under measurement, in a JVM of its own so that its heap and RSS are its own
 * and not the benchmark's (producer, readers, the other app's leftovers). Started by {@link ChildApp}; runs the bare
 * baseline, breachwatch with the full default catalogue (both from the same detector configuration), or an offline
 * replay, and answers the parent over stdin/stdout: one command a line in, one {@link #PREFIX}ed JSON object a line
 * out. When stdin closes (the parent went away) it closes the app and exits, so it never outlives the benchmark.
 */
@Command(name = "live-child", hidden = true, description = "Internal: the app under measurement of `live`.")
public final class LiveChild implements Callable<Integer> {
    /** Marks the protocol's lines among whatever else reaches stdout. */
    static final String PREFIX = "@bench ";

    @Option(names = "--kind", required = true)
    String kind;

    @Option(names = "--set", description = "A detector configuration override, key=value.")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--grace-ms", defaultValue = "0")
    long graceMillis;

    @Option(names = "--output")
    String output;

    @Option(names = "--replay-file")
    String replayFile;

    @Option(names = "--replay-out")
    String replayOut;

    private final ObjectMapper mapper = new ObjectMapper();
    private final PrintStream protocol = System.out;

    @Override
    public Integer call() throws Exception {
        try (ProcessMemory memory = ProcessMemory.start()) {
            if (kind.equals(ChildApp.REPLAY)) {
                return replay(memory);
            }
            return serve(memory);
        }
    }

    private int replay(ProcessMemory memory) throws Exception {
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        PrintStream savedErr = System.err;
        long started = System.nanoTime();
        int exit;
        try {
            System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
            exit = BreachwatchCli.commandLine().execute("replay", "--progress", "none", "--out", replayOut,
                    replayFile);
        } finally {
            System.setErr(savedErr);
        }
        Map<String, Object> done = message("replayed");
        done.put("seconds", (System.nanoTime() - started) / 1e9);
        done.put("exit", exit);
        done.put("summary", stderr.toString(StandardCharsets.UTF_8));
        done.put("peak_heap", memory.peakHeap());
        done.put("rss_peak", ProcessMemory.rssHighWaterMark());
        send(done);
        return exit;
    }

    private int serve(ProcessMemory memory) throws Exception {
        DetectorConfig config = ConfigSources.defaults().withOverrides(overrides).build();
        DetectorMetrics metrics = DetectorMetrics.unexported();
        AtomicReference<KafkaStreams> streams = new AtomicReference<>();
        AutoCloseable app;
        if (kind.equals(ChildApp.BASELINE)) {
            KafkaStreams baseline = new KafkaStreams(BareBaseline.build(config.topics(), output,
                    config.eventTimePolicy(Clock.systemUTC()), Duration.ofMillis(graceMillis),
                    config.streamsProperties()), config.streamsProperties());
            baseline.setUncaughtExceptionHandler(e ->
                    StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
            streams.set(baseline);
            baseline.start();
            app = () -> baseline.close(Duration.ofSeconds(60));
        } else if (kind.equals(ChildApp.BREACHWATCH)) {
            DetectorApp detector = new DetectorApp(config, metrics);
            detector.bind(streams::set);
            detector.start();
            app = detector;
        } else {
            throw new IllegalArgumentException("unknown kind " + kind);
        }
        try {
            CatchUpRun.awaitRunning(streams.get(), Duration.ofMinutes(2));
            send(message("running"));
            BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String command;
            while ((command = commands.readLine()) != null) {
                KafkaStreams s = streams.get();
                switch (command.trim()) {
                    case "sample" -> send(sample(s, metrics, memory, false));
                    case "deep-sample" -> send(sample(s, metrics, memory, true));
                    case "stop" -> {
                        Map<String, Object> last = sample(s, metrics, memory, true);
                        last.put("event", "stopping");
                        last.put("peak_heap", memory.peakHeap());
                        last.put("dropped_records", StreamsFacts.droppedRecords(s));
                        last.put("dead_letters_by_reason", deadLettersByReason(metrics));
                        send(last);
                        app.close();
                        send(message("closed"));
                        return 0;
                    }
                    default -> send(Map.of("event", "error", "error", "unknown command"));
                }
            }
        } finally {
            app.close();
        }
        return 0;
    }

    /** State and memory now; {@code deep} adds the live heap (after a full collection) and the stores' figures. */
    private static Map<String, Object> sample(KafkaStreams streams, DetectorMetrics metrics, ProcessMemory memory,
                                              boolean deep) {
        Map<String, Object> s = message("sample");
        s.put("state", streams.state().name());
        s.put("heap_used", ProcessMemory.heapUsed());
        s.put("rss", ProcessMemory.rss());
        s.put("rss_peak", ProcessMemory.rssHighWaterMark());
        long eventsIn = 0;
        for (EventType type : EventType.values()) {
            eventsIn += (long) metrics.eventsRead(type);
        }
        s.put("events_in", eventsIn);
        if (deep) {
            long gcStart = System.nanoTime();
            s.put("live_heap", ProcessMemory.liveHeap());
            s.put("gc_millis", (System.nanoTime() - gcStart) / 1e6);
            Map<String, Long> estimated = StreamsFacts.estimatedKeysByStore(streams);
            s.put("estimated_keys_by_store", estimated);
            s.put("entries_by_store", StoreEntries.count(streams, estimated.keySet()));
            // The detector's own gauge (breachwatch.state.store.entries; the baseline has none), refreshed every 10 s.
            Map<String, Long> gauge = new TreeMap<>();
            estimated.keySet().forEach(store -> gauge.put(store, metrics.storeEntries(store)));
            s.put("detector_gauge_entries_by_store", gauge);
            s.put("native_bytes", StateDirectory.total(StreamsFacts.nativeBytesByStore(streams)));
        }
        return s;
    }

    private static Map<String, Long> deadLettersByReason(DetectorMetrics metrics) {
        Map<String, Long> byReason = new TreeMap<>();
        for (io.micrometer.core.instrument.Counter c : metrics.registry().find("breachwatch.dead.letters").counters()) {
            if (c.count() > 0) {
                byReason.merge(c.getId().getTag("reason"), (long) c.count(), Long::sum);
            }
        }
        return byReason;
    }

    private static Map<String, Object> message(String event) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", event);
        return m;
    }

    private void send(Map<String, Object> message) throws java.io.IOException {
        synchronized (protocol) {
            protocol.println(PREFIX + mapper.writeValueAsString(message));
            protocol.flush();
        }
    }
}
