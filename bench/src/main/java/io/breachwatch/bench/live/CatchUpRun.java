package io.breachwatch.bench.live;

import io.breachwatch.detector.app.DetectorApp;
import io.breachwatch.detector.config.DetectorConfig;
import io.breachwatch.detector.local.LocalKafka;
import io.breachwatch.detector.metrics.DetectorMetrics;
import io.breachwatch.schema.EventType;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;

/**
 * One measured throughput run: a fresh Kafka Streams application (the bare baseline or breachwatch with the full
 * default catalogue) reads the whole corpus from the beginning. The clock starts when the client reaches RUNNING
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
     * @param peakHeapBytes     peak heap in use during the run (10 ms samples)
     * @param liveHeapBytes     heap in use after a full collection at the end of the run, before closing
     * @param rssPeakBytes      peak resident set size of this JVM during the run (VmHWM, reset at the start)
     * @param stateBytesByStore state directory size by store after a clean close
     * @param droppedRecords    Kafka Streams' dropped-records-total (should be 0)
     * @param eventsRead        events the detector counted in (breachwatch only; -1 for the baseline)
     * @param alerts            alerts readable with read_committed at the end (breachwatch only; -1 otherwise)
     * @param deadLetters       dead letters readable at the end (breachwatch only; -1 otherwise)
     * @param deadLettersByReason what the detector counted as dead-lettered, by reason (breachwatch only)
     * @param load1m            one-minute load average of the machine when the run ended
     */
    record Result(String kind, int number, long events, long bytes, double startupSeconds, double seconds,
                  long peakHeapBytes, long liveHeapBytes, long rssPeakBytes, Map<String, Long> stateBytesByStore,
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
    private final ProcessMemory memory;
    private final PrintStream log;

    CatchUpRun(LocalKafka kafka, LiveCorpus corpus, int partitions, int threads, Path workDir, ProcessMemory memory,
               PrintStream log) {
        this.kafka = kafka;
        this.corpus = corpus;
        this.partitions = partitions;
        this.threads = threads;
        this.workDir = workDir;
        this.memory = memory;
        this.log = log;
    }

    /** A Kafka Streams client under measurement, however it was built. */
    private interface App extends AutoCloseable {
        KafkaStreams streams();

        void start();

        @Override
        void close();
    }

    Result run(String kind, int number, String runId) throws Exception {
        String applicationId = "bench-" + kind + "-" + number + "-" + runId;
        Path stateDir = workDir.resolve("state").resolve(applicationId);
        DetectorConfig config = RunConfigs.create(kafka, applicationId, corpus.topics(), partitions, threads,
                stateDir);
        String baselineOutput = "bench.counts." + applicationId;
        DetectorMetrics metrics = DetectorMetrics.unexported();
        App app = kind.equals(BASELINE) ? baseline(config, baselineOutput) : breachwatch(config, metrics);

        System.gc();
        memory.resetPeaks();
        long created = System.nanoTime();
        long running;
        long done;
        double dropped;
        long liveHeap;
        long peakHeap;
        long rssPeak;
        try {
            app.start();
            running = awaitRunning(app.streams(), Duration.ofMinutes(2));
            List<String> consumed = CatchUp.consumedTopics(kafka.admin(), applicationId,
                    config.topics().inputs());
            done = awaitCaughtUp(app.streams(), applicationId, consumed, running);
            peakHeap = memory.peakHeap();
            rssPeak = ProcessMemory.rssHighWaterMark();
            dropped = StreamsFacts.droppedRecords(app.streams());
            liveHeap = ProcessMemory.liveHeap();
        } finally {
            app.close();
        }
        Map<String, Long> state = StateDirectory.bytesByStore(stateDir);
        long eventsRead = -1;
        long alerts = -1;
        long deadLetters = -1;
        if (kind.equals(BREACHWATCH)) {
            eventsRead = 0;
            for (EventType type : EventType.values()) {
                eventsRead += (long) metrics.eventsRead(type);
            }
            alerts = CommittedRecords.count(kafka.bootstrapServers(), config.topics().alerts(), Duration.ofMinutes(2));
            deadLetters = CommittedRecords.count(kafka.bootstrapServers(), config.topics().deadLetters(),
                    Duration.ofMinutes(2));
        }
        StateDirectory.delete(stateDir);
        deleteTopics(applicationId, config, baselineOutput);
        return new Result(kind, number, corpus.events(), corpus.bytes(), (running - created) / 1e9,
                (done - running) / 1e9, peakHeap, liveHeap, rssPeak, state, dropped, eventsRead, alerts,
                deadLetters, kind.equals(BREACHWATCH) ? deadLettersByReason(metrics) : Map.of(),
                LoadAverage.oneMinute());
    }

    private static Map<String, Long> deadLettersByReason(DetectorMetrics metrics) {
        Map<String, Long> byReason = new java.util.TreeMap<>();
        for (io.micrometer.core.instrument.Counter c : metrics.registry().find("breachwatch.dead.letters").counters()) {
            if (c.count() > 0) {
                byReason.merge(c.getId().getTag("reason"), (long) c.count(), Long::sum);
            }
        }
        return byReason;
    }

    private App baseline(DetectorConfig config, String output) {
        kafka.createTopics(Map.of(output, partitions));
        // The detector's grace plus the corpus's whole span: catching up through a repartition, a task's stream
        // time runs ahead of slower upstream partitions, and with the detector's grace alone the baseline dropped
        // 15 % of a small corpus as late, which is work not done. The detector judges lateness per entity instead.
        Duration grace = config.grace().plus(Duration.between(corpus.first(), corpus.last()));
        KafkaStreams streams = new KafkaStreams(BareBaseline.build(config.topics(), output,
                config.eventTimePolicy(Clock.systemUTC()), grace, config.streamsProperties()),
                config.streamsProperties());
        streams.setUncaughtExceptionHandler(e ->
                StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        return new App() {
            @Override
            public KafkaStreams streams() {
                return streams;
            }

            @Override
            public void start() {
                streams.start();
            }

            @Override
            public void close() {
                streams.close(Duration.ofSeconds(60));
            }
        };
    }

    private static App breachwatch(DetectorConfig config, DetectorMetrics metrics) {
        DetectorApp detector = new DetectorApp(config, metrics);
        AtomicReference<KafkaStreams> streams = new AtomicReference<>();
        detector.bind(streams::set);
        return new App() {
            @Override
            public KafkaStreams streams() {
                return streams.get();
            }

            @Override
            public void start() {
                detector.start();
            }

            @Override
            public void close() {
                detector.close();
            }
        };
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

    private long awaitCaughtUp(KafkaStreams streams, String applicationId, List<String> consumed, long running)
            throws Exception {
        // Generous: a run on a busy 2-core machine may be several times slower than on an idle one.
        long deadline = running + TimeUnit.SECONDS.toNanos(Math.max(600, corpus.events() / 200));
        long nextReport = running + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            long lag = CatchUp.lag(kafka.admin(), applicationId, consumed);
            long now = System.nanoTime();
            if (lag == 0) {
                return now;
            }
            KafkaStreams.State state = streams.state();
            if (state != KafkaStreams.State.RUNNING && state != KafkaStreams.State.REBALANCING) {
                throw new IllegalStateException(applicationId + " stopped while catching up (" + state + ")");
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
