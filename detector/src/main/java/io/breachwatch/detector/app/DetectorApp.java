package io.breachwatch.detector.app;

import io.breachwatch.detector.config.DetectorConfig;
import io.breachwatch.detector.engine.DetectionEngine;
import io.breachwatch.detector.metrics.DetectorMetrics;
import io.breachwatch.detector.rules.RuleSpec;
import io.breachwatch.detector.topology.BreachwatchTopology;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running breachwatch detector: the topology inside a {@link KafkaStreams} client, with its metrics. Used by
 * {@code run}, {@code demo} and the integration tests alike.
 */
public final class DetectorApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DetectorApp.class);

    private final KafkaStreams streams;
    private final DetectorMetrics metrics;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean failed;

    public DetectorApp(DetectorConfig config, DetectorMetrics metrics) {
        this.metrics = metrics;
        List<RuleSpec> rules = config.rules();
        // Every rule's series exist from start-up, at zero, so the first alert after a restart is seen by rate().
        rules.forEach(rule -> metrics.expectRule(rule.id(), rule.severity()));
        this.streams = new KafkaStreams(BreachwatchTopology.build(config, DetectionEngine.of(rules, config.grace()),
                metrics, Clock.systemUTC()), config.streamsProperties());
        streams.setUncaughtExceptionHandler(exception -> {
            // Processing never throws on bad input (it is dead-lettered); an exception here is a bug or a broker
            // failure Kafka Streams could not ride out. Stop loudly rather than spin on the same record.
            LOG.error("Detector stream thread failed; shutting down: {}", exception.toString());
            failed = true;
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setStateListener((newState, oldState) -> {
            LOG.info("Detector state {} -> {}", oldState, newState);
            if (newState == KafkaStreams.State.ERROR || newState == KafkaStreams.State.NOT_RUNNING) {
                failed |= newState == KafkaStreams.State.ERROR;
                stopped.countDown();
            }
        });
    }

    /** Lets a binder (e.g. Micrometer's KafkaStreamsMetrics) attach to the Kafka Streams client. */
    public void bind(java.util.function.Consumer<KafkaStreams> binder) {
        binder.accept(streams);
    }

    public DetectorApp start() {
        streams.start();
        return this;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    public DetectorMetrics metrics() {
        return metrics;
    }

    /** Waits until the client is RUNNING (tasks assigned and restored). */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || stopped.getCount() == 0) {
                return false;
            }
            stopped.await(50, TimeUnit.MILLISECONDS);
        }
        return true;
    }

    /** Blocks until the detector stops (shutdown or failure). */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    public boolean failed() {
        return failed;
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
    }
}
