package io.breachwatch.bench.jmh;

import io.breachwatch.detector.config.DetectorConfig;
import io.breachwatch.detector.engine.DetectionEngine;
import io.breachwatch.detector.replay.OfflineDetection;
import io.breachwatch.schema.Alert;
import io.breachwatch.schema.CanonicalEvent;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Rule evaluation in the detection core: a batch of 200,000 simulated events (the first 400 s of the March incident
 * run: logins, API calls and flows of 5,000 users, 5 vendors and 200 hosts) fed in event-time order to a fresh
 * {@link OfflineDetection} over the full default catalogue, the driver offline replay uses. Reported per event.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class DetectionEngineBenchmark {
    static final int BATCH = 200_000;

    private DetectionEngine engine;
    private List<CanonicalEvent> events;

    @Setup
    public void setUp() {
        DetectorConfig config = DetectorConfig.defaults().withMaxAge(null);
        engine = DetectionEngine.of(config.rules(), config.grace());
        events = Samples.simulated(BATCH);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long evaluateBatch() {
        OfflineDetection detection = new OfflineDetection(engine);
        long alerts = 0;
        for (CanonicalEvent event : events) {
            List<Alert> raised = detection.feed(event);
            alerts += raised.size();
        }
        return alerts + detection.entities();
    }
}
