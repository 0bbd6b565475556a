package io.breachwatch.detector.topology;

import io.breachwatch.detector.metrics.DetectorMetrics;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * Reports one task's share of a state store to {@link DetectorMetrics}: when the processor starts, then every few
 * seconds of wall-clock time (so an idle detector still reports), and withdraws it when the task closes here.
 */
final class StoreEntries {
    static final Duration INTERVAL = Duration.ofSeconds(10);

    private final DetectorMetrics metrics;
    private final String store;
    private final String task;

    private StoreEntries(DetectorMetrics metrics, String store, String task) {
        this.metrics = metrics;
        this.store = store;
        this.task = task;
    }

    /**
     * @param count the task's current entry count, read on the stream thread (punctuations run there)
     */
    static StoreEntries track(ProcessorContext<?, ?> context, String name, LongSupplier count,
                              DetectorMetrics metrics) {
        StoreEntries entries = new StoreEntries(metrics, name, context.taskId().toString());
        Runnable report = () -> metrics.storeEntries(name, entries.task, count.getAsLong());
        report.run();
        context.schedule(INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> report.run());
        return entries;
    }

    void close() {
        metrics.storeClosed(store, task);
    }
}
