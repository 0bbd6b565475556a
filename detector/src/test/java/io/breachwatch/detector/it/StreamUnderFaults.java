package io.breachwatch.detector.it;

import io.breachwatch.detector.config.DetectorConfig;
import io.breachwatch.detector.local.LocalKafka;
import io.breachwatch.schema.Alert;
import io.breachwatch.schema.DeadLetter;
import io.breachwatch.schema.DeadLetterReason;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One run of the crash and broker-fault tests: detector instances in child JVMs sharing an application id, the
 * {@link ReliabilityTraffic} produced at a steady rate, a read_committed watch on the alert topic, and at the end
 * the alerts read from the broker compared with the offline oracle over the very same events. The test in between
 * breaks things and asks {@link #awaitDetectionResumed} how long detection took to come back.
 */
final class StreamUnderFaults implements AutoCloseable {
    /** Events per second of event time in the simulated platform's normal traffic. */
    static final double BACKGROUND_RATE = 10;
    /**
     * Records per second of wall-clock time, so event time runs about 10x faster than the wall clock (15 minutes
     * of grace are 90 s of lag). Modest, because three brokers and the detectors share two cores in CI, often with
     * other builds: recoveries are printed next to the steady detection latency they are to be read against.
     */
    static final double PRODUCE_RATE = 100;
    static final Duration CANARY_EVERY = Duration.ofSeconds(4);
    /** A round of canaries whose median latency is at least this share of the previous round's is settled. */
    private static final double SETTLED_RATIO = 0.8;
    /** Bounds the settling: a loaded machine may never settle; recoveries are then read against what it was. */
    private static final int MAX_SETTLING_ROUNDS = 15;

    private final LocalKafka kafka;
    private final DetectorConfig config;
    private final ReliabilityTraffic traffic;
    private final List<ChildDetector> instances = new ArrayList<>();
    private SteadyProducer producer;
    private AlertWatch watch;
    private long producingSince;

    private StreamUnderFaults(LocalKafka kafka, DetectorConfig config, ReliabilityTraffic traffic) {
        this.kafka = kafka;
        this.config = config;
        this.traffic = traffic;
    }

    /**
     * Starts {@code instances} detectors named {@code name-a}, {@code name-b}…, waits until they run in one stable
     * group, then starts producing traffic (enough for {@code maxWallLength}; {@link #finish} stops it) and watching
     * the alerts.
     */
    static StreamUnderFaults start(LocalKafka kafka, String name, Path dir, int instances, Duration maxWallLength)
            throws InterruptedException {
        DetectorConfig config = Reliability.isolatedConfig(kafka, name);
        double virtualPerWall = PRODUCE_RATE / BACKGROUND_RATE;
        ReliabilityTraffic traffic = ReliabilityTraffic.generate(
                Duration.ofMillis((long) (maxWallLength.toMillis() * virtualPerWall)), BACKGROUND_RATE, CANARY_EVERY,
                Reliability.PARTITIONS);
        StreamUnderFaults run = new StreamUnderFaults(kafka, config, traffic);
        try {
            Map<String, String> settings = Reliability.childSettings(config, Map.of());
            for (int i = 0; i < instances; i++) {
                run.instances.add(ChildDetector.start(name + "-" + (char) ('a' + i), dir, settings));
            }
            Reliability.awaitRunning(kafka, config, run.instances, Duration.ofSeconds(120));
            // Canaries and attacks come on top of the background: pace the whole so that it lasts maxWallLength.
            double perSecond = traffic.records().size() / (double) maxWallLength.toSeconds();
            run.producer = new SteadyProducer(kafka.bootstrapServers(), config.topics(), traffic, perSecond);
            run.watch = new AlertWatch(config.clientProperties(), config.topics().alertTopic(), Reliability.PARTITIONS,
                    traffic, run.producer, Reliability.PARTITIONS);
            run.watch.start();
            run.producingSince = System.nanoTime();
            run.producer.start();
            Reliability.note("producing up to " + traffic.records().size() + " events at " + Math.round(perSecond)
                    + "/s to " + instances + " detector(s) of " + config.applicationId());
            return run;
        } catch (RuntimeException | Error | InterruptedException e) {
            run.close();
            throw e;
        }
    }

    DetectorConfig config() {
        return config;
    }

    ChildDetector instance(int index) {
        return instances.get(index);
    }

    List<ChildDetector> instances() {
        return instances;
    }

    /** Events produced: all of them once {@link #finish} has stopped the producer. */
    int events() {
        return producer.sent();
    }

    /** See {@link AlertWatch#awaitDetectionResumed}; notes the time taken and the lag left on the timeline. */
    Duration awaitDetectionResumed(long faultNanos, Duration timeout) throws Exception {
        Duration resumed = watch.awaitDetectionResumed(faultNanos, timeout);
        Reliability.note("detection resumed on every partition " + Reliability.seconds(resumed) + " after the fault;"
                + " sent " + producer.sent() + " of " + producer.total() + ", lag " + lag());
        return resumed;
    }

    /**
     * Waits until detection runs on every partition and its latency has settled, then notes and returns the median
     * canary latency of the last round: the detection latency before anything is broken, against which recovery
     * times are to be read. A round lasts until every partition has raised a canary alert sent within it.
     * Freshly started detectors (JIT compiling, RocksDB opening, the first transactions) fall behind the producer
     * and take a while to drain that backlog: measured on a three-broker cluster, round medians went 10.0, 3.9,
     * 1.9, 0.9, 0.7, 0.5 s and then stayed at 0.4-0.5 s. Breaking things during that drain measured the warm-up,
     * not the fault, so the latency has settled once a round is no more than {@link #SETTLED_RATIO} faster than
     * the round before it.
     */
    Duration awaitSteadyDetection(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        awaitDetectionResumed(producingSince, timeout);
        Duration previous = null;
        for (int round = 1; ; round++) {
            long since = System.nanoTime();
            awaitDetectionResumed(since, Duration.ofNanos(Math.max(deadline - since, 0)));
            Duration latency = watch.medianCanaryLatency(since, System.nanoTime()).orElseThrow();
            boolean settled = previous != null && latency.toNanos() >= previous.toNanos() * SETTLED_RATIO;
            if (settled || System.nanoTime() > deadline || round == MAX_SETTLING_ROUNDS) {
                Reliability.note("steady detection" + (settled ? "" : " (NOT settled)") + ": median canary latency "
                        + Reliability.seconds(latency) + " after " + round + " round(s), lag " + lag());
                return latency;
            }
            previous = latency;
        }
    }

    /** What the detectors have not consumed yet, over inputs and repartition topics (see Reliability.lag). */
    long lag() throws Exception {
        return Reliability.lag(kafka, config.applicationId(), Reliability.consumedTopics(kafka, config));
    }

    /** Whether some instance's Kafka Streams reached ERROR (or a stream thread died) or the process exited. */
    List<String> failedInstances() {
        return instances.stream().filter(c -> c.everFailed() || !c.alive())
                .map(c -> c.name() + (c.alive() ? " (ERROR)" : " (exited " + c.exitStatus() + ")")).toList();
    }

    /**
     * Stops the traffic, waits for the detectors to consume everything produced, stops them cleanly, and compares
     * what the alert topic holds with the oracle over exactly the events produced.
     */
    Result finish(Duration timeout) throws Exception {
        int produced = producer.stopAndFlush();
        List<Alert> oracle = OracleComparison.oracle(config, traffic.events().subList(0, produced));
        Reliability.note("stopped producing after " + produced + " events; waiting for the detectors to catch up");
        List<String> consumed = Reliability.consumedTopics(kafka, config);
        BrokerFixture.await("the detectors to consume every input and repartition topic", timeout,
                () -> BrokerFixture.caughtUp(kafka.admin(), config.applicationId(), consumed));
        List<String> failed = failedInstances();
        watch.close();
        for (ChildDetector instance : instances) {
            if (instance.alive()) {
                instance.stop();
            }
        }
        List<Alert> live = BrokerFixture.readCommitted(config.topics().alerts(), config, Alert.class);
        long late = BrokerFixture.readCommitted(config.topics().deadLetters(), config, DeadLetter.class).stream()
                .filter(d -> d.reason().equals(DeadLetterReason.LATE)).count();
        return new Result(OracleComparison.of(config, oracle, live), late, failed);
    }

    /**
     * @param comparison  the broker's alerts against the oracle's
     * @param lateDeadLetters events dead-lettered as late (only groups not keyed like the producer can have any)
     * @param failed      instances that reached ERROR or exited by themselves
     */
    record Result(OracleComparison comparison, long lateDeadLetters, List<String> failed) {
    }

    @Override
    public void close() {
        if (watch != null) {
            watch.close();
        }
        if (producer != null) {
            producer.close();
        }
        instances.forEach(ChildDetector::close);
    }
}
