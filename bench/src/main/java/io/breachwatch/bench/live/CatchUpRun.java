package io.breachwatch.bench.live;

import io.breachwatch.detector.config.DetectorConfig;
import io.breachwatch.detector.local.LocalKafka;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;

/**
 * One measured throughput run: a fresh Kafka Streams application (the bare baseline or breachwatch with the full
 * default catalogue), in a JVM of its own ({@link ChildApp}), reads the whole corpus from the beginning. The clock
 * starts when the client reaches RUNNING
 * and stops when every input and repartition partition is committed to its end ({@link CatchUp}), polled every
 * 100 ms; start-up (creating internal topics, joining the group) is reported apart. Afterwards the run's state
 * directory is measured and removed, and its topics are deleted so that the broker does not compact them during
 * the next run.
 */
final class CatchUpRun {
    static final String BASELINE = "baseline";
    static final String BREACHWATCH = "breachwatch";

    private static final long POLL_MILLIS = 100;

    /**
     * One run's figures.
     *
     * @param kind              {@link #BASELINE} or {@link #BREACHWATCH}
     * @param number            1-based repeat
     * @param events            events in the corpus
     * @param bytes             bytes of those events
     * @param startupSeconds    from start() to RUNNING
     * @param seconds           from RUNNING to everything committed
     * @param peakHeapBytes     peak heap in use of the app's own JVM (10 ms samples, from its start)
     * @param liveHeapBytes     the app's heap in use after a full collection at the end of the run, before closing
     * @param rssPeakBytes      peak resident set size of the app's own JVM (VmHWM: start-up included)
     * @param stateBytesByStore state directory size by store after a clean close
     * @param keysByStore       entries in each key-value store when caught up ({@link StoreEntries}; -1 for window
     *                          stores)
     * @param droppedRecords    Kafka Streams' dropped-records-total (should be 0)
     * @param eventsRead        events the detector counted in (breachwatch only; -1 for the baseline)
     * @param alerts            alerts readable with read_committed at the end (breachwatch only; -1 otherwise)
     * @param deadLetters       dead letters readable at the end (breachwatch only; -1 otherwise)
     * @param deadLettersByReason what the detector counted as dead-lettered, by reason (breachwatch only)
     * @param load1m            one-minute load average of the machine when the run ended
     */
    record Result(String kind, int number, long events, long bytes, double startupSeconds, double seconds,
                  long peakHeapBytes, long liveHeapBytes, long rssPeakBytes, Map<String, Long> stateBytesByStore,
                  Map<String, Long> keysByStore,
                  double droppedRecords, long eventsRead, long alerts, long deadLetters,
                  Map<String, Long> deadLettersByReason, double load1m) {
        double eventsPerSecond() {
            return events / seconds;
        }

        double megabytesPerSecond() {
            return bytes / 1e6 / seconds;
        }

        long stateBytes() {
            return StateDirectory.total(stateBytesByStore);
        }
    }

    private final LocalKafka kafka;
    private final LiveCorpus corpus;
    private final int partitions;
    private final int threads;
    private final Path workDir;
    private final List<String> javaOptions;
    private final Map<String, String> appSettings;
    private final PrintStream log;

    CatchUpRun(LocalKafka kafka, LiveCorpus corpus, int partitions, int threads, Path workDir,
               List<String> javaOptions, Map<String, String> appSettings, PrintStream log) {
        this.kafka = kafka;
        this.corpus = corpus;
        this.partitions = partitions;
        this.threads = threads;
        this.workDir = workDir;
        this.javaOptions = javaOptions;
        this.appSettings = appSettings;
        this.log = log;
    }

    Result run(String kind, int number, String runId) throws Exception {
        String applicationId = "bench-" + kind + "-" + number + "-" + runId;
        Path stateDir = workDir.resolve("state").resolve(applicationId);
        DetectorConfig config = RunConfigs.create(kafka, applicationId, corpus.topics(), partitions, threads,
                appSettings, stateDir);
        List<String> args = new ArrayList<>(List.of("--kind", kind));
        args.addAll(RunConfigs.asArguments(RunConfigs.overrides(kafka.bootstrapServers(), applicationId, corpus.topics(), partitions,
                threads, appSettings, stateDir)));
        String baselineOutput = "bench.counts." + applicationId;
        if (kind.equals(BASELINE)) {
            kafka.createTopics(Map.of(baselineOutput, partitions));
            // The detector's grace plus the corpus's whole span: catching up through a repartition, a task's stream
            // time runs ahead of slower upstream partitions, and with the detector's grace alone the baseline
            // dropped 15 % of a small corpus as late, which is work not done. The detector judges lateness per
            // entity instead.
            Duration grace = config.grace().plus(Duration.between(corpus.first(), corpus.last()));
            args.addAll(List.of("--output", baselineOutput, "--grace-ms", Long.toString(grace.toMillis())));
        }
        java.nio.file.Files.createDirectories(stateDir.getParent());
        long created = System.nanoTime();
        long running;
        long done;
        Map<String, Object> last;
        try (ChildApp app = ChildApp.start(javaOptions, args, workDir.resolve(applicationId + ".log"))) {
            app.await("running", Duration.ofMinutes(3));
            running = System.nanoTime();
            List<String> consumed = CatchUp.consumedTopics(kafka.admin(), applicationId,
                    config.topics().inputs());
            done = awaitCaughtUp(app, applicationId, consumed, running);
            last = app.stop(Duration.ofMinutes(2));
        }
        Map<String, Long> state = StateDirectory.bytesByStore(stateDir);
        long eventsRead = -1;
        long alerts = -1;
        long deadLetters = -1;
        Map<String, Long> byReason = Map.of();
        if (kind.equals(BREACHWATCH)) {
            eventsRead = ChildApp.asLong(last.get("events_in"));
            alerts = CommittedRecords.count(kafka.bootstrapServers(), config.topics().alerts(), Duration.ofMinutes(2));
            deadLetters = CommittedRecords.count(kafka.bootstrapServers(), config.topics().deadLetters(),
                    Duration.ofMinutes(2));
            byReason = new java.util.TreeMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) last.get("dead_letters_by_reason")).entrySet()) {
                byReason.put((String) e.getKey(), ChildApp.asLong(e.getValue()));
            }
        }
        Map<String, Long> keys = new java.util.TreeMap<>();
        ((Map<?, ?>) last.get("entries_by_store")).forEach((store, n) -> keys.put((String) store, ChildApp.asLong(n)));
        StateDirectory.delete(stateDir);
        deleteTopics(applicationId, config, baselineOutput);
        return new Result(kind, number, corpus.events(), corpus.bytes(), (running - created) / 1e9,
                (done - running) / 1e9, ChildApp.asLong(last.get("peak_heap")),
                ChildApp.asLong(last.get("live_heap")), ChildApp.asLong(last.get("rss_peak")), state, keys,
                ChildApp.asDouble(last.get("dropped_records")), eventsRead, alerts, deadLetters, byReason,
                LoadAverage.oneMinute());
    }

    /** Polls the state every 5 ms (a state listener belongs to DetectorApp) and returns when it became RUNNING. */
    static long awaitRunning(KafkaStreams streams, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            KafkaStreams.State state = streams.state();
            if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING
                    || state == KafkaStreams.State.PENDING_ERROR || System.nanoTime() > deadline) {
                throw new IllegalStateException("the Kafka Streams client did not reach RUNNING (" + state + ")");
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
        return System.nanoTime();
    }

    private long awaitCaughtUp(ChildApp app, String applicationId, List<String> consumed, long running)
            throws Exception {
        // Generous: a run on a busy 2-core machine may be several times slower than on an idle one.
        long deadline = running + TimeUnit.SECONDS.toNanos(Math.max(600, corpus.events() / 200));
        long nextReport = running + TimeUnit.SECONDS.toNanos(15);
        long nextStateCheck = running + TimeUnit.SECONDS.toNanos(1);
        while (true) {
            long lag = CatchUp.lag(kafka.admin(), applicationId, consumed);
            long now = System.nanoTime();
            if (lag == 0) {
                return now;
            }
            if (now > nextStateCheck) {
                // Once a second: asking costs the app a little, and a dead app shows as lag that never moves.
                String state = (String) app.ask("sample", "sample", Duration.ofSeconds(30)).get("state");
                if (!state.equals("RUNNING") && !state.equals("REBALANCING")) {
                    throw new IllegalStateException(applicationId + " stopped while catching up (" + state + ")");
                }
                nextStateCheck = now + TimeUnit.SECONDS.toNanos(1);
            }
            if (now > deadline) {
                throw new IllegalStateException(applicationId + " still " + lag + " records behind at the deadline");
            }
            if (now > nextReport) {
                log.printf("live:   %s: %.0f s, %,d records still to commit (inputs and repartitions)%n",
                        applicationId, (now - running) / 1e9, lag);
                nextReport = now + TimeUnit.SECONDS.toNanos(15);
            }
            TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
        }
    }

    private void deleteTopics(String applicationId, DetectorConfig config, String baselineOutput) throws Exception {
        List<String> doomed = new java.util.ArrayList<>(RunConfigs.outputs(config.topics()));
        doomed.add(baselineOutput);
        kafka.admin().listTopics().names().get(30, TimeUnit.SECONDS).stream()
                .filter(t -> t.startsWith(applicationId + "-")).forEach(doomed::add);
        List<String> existing = kafka.admin().listTopics().names().get(30, TimeUnit.SECONDS).stream()
                .filter(doomed::contains).toList();
        kafka.admin().deleteTopics(existing).all().get(60, TimeUnit.SECONDS);
    }
}
