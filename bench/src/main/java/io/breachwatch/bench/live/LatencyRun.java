package io.breachwatch.bench.live;

import io.breachwatch.detector.config.DetectorConfig;
import io.breachwatch.detector.local.LocalKafka;
import io.breachwatch.detector.simulate.RealTimePacer;
import io.breachwatch.detector.simulate.SimulatedEvent;
import io.breachwatch.detector.simulate.Simulation;
import io.breachwatch.schema.Alert;
import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.Topics;
import io.breachwatch.schema.json.EventJson;
import io.breachwatch.schema.json.JsonSerde;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * One latency run: breachwatch (full default catalogue, defaults as shipped; in a JVM of its own) on fresh topics, fed
 * the simulator's normal traffic at a steady wall-clock rate with event times = the time of sending, plus one {@link
 * BruteForceProbe} a second after a warm-up. A read_committed consumer on the alert topic notes when each probe's alert
 * becomes readable; a probe's latency is from just before {@code send()} of its triggering event (so producer batching
 * is included) to the poll that returned the alert. The observer polls with {@code fetch.max.wait.ms} = 50, which
 * bounds what the observer itself can add.
 */
final class LatencyRun {
    static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);
    /** Between one probe's failures: all eight inside 350 ms, far within the rule's 2-minute window. */
    static final Duration FAILURE_SPACING = Duration.ofMillis(50);
    static final Duration DRAIN = Duration.ofSeconds(20);

    /**
     * One run's figures.
     *
     * @param number          1-based repeat
     * @param targetRate      requested events per second
     * @param eventsSent      events sent (traffic and probes)
     * @param sentRate        events sent per second of sending
     * @param maxSendLagMs    how far behind schedule the sender fell at worst (a busy machine, GC)
     * @param latenciesMs     latency of every probe whose alert was read, in probe order
     * @param probes          probes sent
     * @param missed          probes whose alert was not read within the drain time
     * @param lagAtEnd        records the detector had not committed when sending stopped (it kept up if small)
     * @param peakHeapBytes   peak heap in use of the detector's JVM
     * @param rssPeakBytes    peak resident set size of the detector's JVM
     * @param load1m          one-minute load average when the run ended
     */
    record Result(int number, double targetRate, long eventsSent, double sentRate, double maxSendLagMs,
                  List<Double> latenciesMs, int probes, int missed, long lagAtEnd, long peakHeapBytes,
                  long rssPeakBytes, double load1m) {
    }

    private final LocalKafka kafka;
    private final int partitions;
    private final int threads;
    private final Path workDir;
    private final List<String> javaOptions;
    private final Map<String, String> appSettings;

    LatencyRun(LocalKafka kafka, int partitions, int threads, Path workDir, List<String> javaOptions,
               Map<String, String> appSettings) {
        this.kafka = kafka;
        this.partitions = partitions;
        this.threads = threads;
        this.workDir = workDir;
        this.javaOptions = javaOptions;
        this.appSettings = appSettings;
    }

    Result run(int number, double rate, Duration measured, Duration warmUp, long seed, String runId)
            throws Exception {
        String applicationId = "bench-latency-" + number + "-" + runId;
        Topics inputs = RunConfigs.inputs("latency-" + number + "-" + runId);
        kafka.createTopics(Map.of(inputs.authEvents(), partitions, inputs.apiEvents(), partitions,
                inputs.netEvents(), partitions));
        Path stateDir = workDir.resolve("state").resolve(applicationId);
        DetectorConfig config = RunConfigs.create(kafka, applicationId, inputs, partitions, threads, appSettings,
                stateDir);
        int probes = (int) (measured.toMillis() / PROBE_INTERVAL.toMillis()) + 1;
        long[] sentNanos = new long[probes];
        AtomicLongArray seenNanos = new AtomicLongArray(probes);
        Map<String, Integer> probeByKey = new ConcurrentHashMap<>();

        List<String> args = new ArrayList<>(List.of("--kind", ChildApp.BREACHWATCH));
        args.addAll(RunConfigs.asArguments(RunConfigs.overrides(kafka.bootstrapServers(), applicationId, inputs, partitions, threads,
                appSettings, stateDir)));
        java.nio.file.Files.createDirectories(stateDir.getParent());
        AlertObserver observer = new AlertObserver(config.topics().alerts(), probeByKey, seenNanos);
        Sent sent;
        long lagAtEnd;
        Map<String, Object> last;
        try (ChildApp detector = ChildApp.start(javaOptions, args, workDir.resolve(applicationId + ".log"))) {
            detector.await("running", Duration.ofMinutes(3));
            observer.start();
            sent = send(config.topics(), rate, measured, warmUp, seed, probes, sentNanos, probeByKey);
            lagAtEnd = CatchUp.lag(kafka.admin(), applicationId,
                    CatchUp.consumedTopics(kafka.admin(), applicationId, config.topics().inputs()));
            long drainEnd = System.nanoTime() + DRAIN.toNanos();
            while (System.nanoTime() < drainEnd && !allSeen(seenNanos)) {
                TimeUnit.MILLISECONDS.sleep(20);
            }
            last = detector.stop(Duration.ofMinutes(2));
        } finally {
            observer.stop();
        }
        List<Double> latencies = new ArrayList<>();
        int missed = 0;
        for (int i = 0; i < probes; i++) {
            long seen = seenNanos.get(i);
            if (seen == 0) {
                missed++;
            } else {
                latencies.add((seen - sentNanos[i]) / 1e6);
            }
        }
        StateDirectory.delete(stateDir);
        List<String> doomed = new ArrayList<>(config.topics().inputs());
        doomed.addAll(RunConfigs.outputs(config.topics()));
        kafka.admin().listTopics().names().get(30, TimeUnit.SECONDS).stream()
                .filter(t -> t.startsWith(applicationId + "-")).forEach(doomed::add);
        kafka.admin().deleteTopics(doomed).all().get(60, TimeUnit.SECONDS);
        return new Result(number, rate, sent.events(), sent.rate(), sent.maxLagMs(), latencies, probes, missed,
                lagAtEnd, ChildApp.asLong(last.get("peak_heap")), ChildApp.asLong(last.get("rss_peak")),
                LoadAverage.oneMinute());
    }

    private record Sent(long events, double rate, double maxLagMs) {
    }

    /**
     * Sends normal traffic paced in real time for warm-up plus measured time, and the probes in between: probe
     * {@code k} starts {@code warmUp + k} seconds in, its failures {@link #FAILURE_SPACING} apart.
     */
    private Sent send(Topics topics, double rate, Duration measured, Duration warmUp, long seed, int probes,
                      long[] sentNanos, Map<String, Integer> probeByKey) throws InterruptedException {
        Clock clock = Clock.systemUTC();
        Instant start = clock.instant().plusMillis(100);
        Simulation traffic = Simulation.create(Simulation.Settings.of("normal", start).withSeed(seed)
                .withRate(rate));
        RealTimePacer pacer = RealTimePacer.system();
        EventJson json = EventJson.strict();
        long probesStart = start.plus(warmUp).toEpochMilli();
        long end = probesStart + measured.toMillis() + PROBE_INTERVAL.toMillis();
        int probe = 0;
        int failure = 0;
        long events = 0;
        long maxLagNanos = 0;
        long firstSend = 0;
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            while (true) {
                long now = clock.millis();
                while (probe < probes && now >= probesStart + probe * PROBE_INTERVAL.toMillis()
                        + failure * FAILURE_SPACING.toMillis()) {
                    BruteForceProbe p = new BruteForceProbe(probe);
                    if (failure == 0) {
                        probeByKey.put(p.alertKey(), probe);
                    }
                    AuthEvent event = p.failure(failure, clock.instant());
                    ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topics.authEvents(),
                            event.sourceIp().getBytes(StandardCharsets.UTF_8), json.write(event));
                    if (p.triggers(failure)) {
                        sentNanos[probe] = System.nanoTime();
                    }
                    producer.send(record);
                    events++;
                    if (++failure == BruteForceProbe.FAILURES) {
                        failure = 0;
                        probe++;
                    }
                }
                if (now >= end) {
                    break;
                }
                SimulatedEvent event = traffic.next();
                pacer.awaitDue(event.timestamp());
                producer.send(new ProducerRecord<>(LiveCorpus.topic(topics, event.type()),
                        event.key().getBytes(StandardCharsets.UTF_8), json.write(event.event())));
                firstSend = firstSend == 0 ? System.nanoTime() : firstSend;
                events++;
                maxLagNanos = Math.max(maxLagNanos, pacer.lag().toNanos());
            }
            producer.flush();
        }
        double seconds = (System.nanoTime() - firstSend) / 1e9;
        return new Sent(events, events / seconds, maxLagNanos / 1e6);
    }

    private static boolean allSeen(AtomicLongArray seen) {
        for (int i = 0; i < seen.length(); i++) {
            if (seen.get(i) == 0) {
                return false;
            }
        }
        return true;
    }

    /** Reads the alert topic with read_committed and notes when each probe's alert is first returned by a poll. */
    private final class AlertObserver {
        private final String topic;
        private final Map<String, Integer> probeByKey;
        private final AtomicLongArray seenNanos;
        private final JsonSerde<Alert> alerts = new JsonSerde<>(Alert.class);
        private final Thread thread;
        private volatile boolean running = true;
        private volatile RuntimeException failure;

        AlertObserver(String topic, Map<String, Integer> probeByKey, AtomicLongArray seenNanos) {
            this.topic = topic;
            this.probeByKey = probeByKey;
            this.seenNanos = seenNanos;
            this.thread = new Thread(this::observe, "bench-alert-observer");
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join(TimeUnit.SECONDS.toMillis(10));
            if (failure != null) {
                throw failure;
            }
        }

        private void observe() {
            Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "bench-alert-observer-" + UUID.randomUUID(),
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50,
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                    new ByteArrayDeserializer())) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                while (running) {
                    var records = consumer.poll(Duration.ofMillis(100));
                    long now = System.nanoTime();
                    for (ConsumerRecord<String, byte[]> record : records) {
                        Integer probe = record.key() == null ? null : probeByKey.get(record.key());
                        if (probe != null && alerts.read(record.value()).ruleId().equals(BruteForceProbe.RULE)) {
                            seenNanos.compareAndSet(probe, 0, now);
                        }
                    }
                }
            } catch (RuntimeException e) {
                failure = e;
            }
        }
    }

    static List<Double> pooled(List<Result> results) {
        List<Double> all = new ArrayList<>();
        results.forEach(r -> all.addAll(r.latenciesMs()));
        return all;
    }
}
