package io.breachwatch.detector.it;

import io.breachwatch.schema.Alert;
import io.breachwatch.schema.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Watches the alert topic as a pager would, with {@code read_committed}, from a thread of its own, and notes the
 * wall-clock time at which each canary alert first became readable. From that it tells when detection resumed
 * after a fault: for every partition of the auth topic, the first canary alert whose evidence was produced after
 * the fault; the slowest partition is the figure.
 */
final class AlertWatch implements AutoCloseable {
    private final KafkaConsumer<String, Alert> consumer;
    private final ReliabilityTraffic traffic;
    private final SteadyProducer producer;
    private final int partitions;
    private final Thread thread;
    /** Arrival time ({@link System#nanoTime}) of each canary's alert, by canary number. */
    private final Map<Integer, Long> canaryAlertNanos = new ConcurrentHashMap<>();
    private volatile boolean stopped;

    AlertWatch(Map<String, Object> clientProperties, Topic<String, Alert> alerts, int alertPartitions,
               ReliabilityTraffic traffic, SteadyProducer producer, int authPartitions) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "reliability-watch-" + UUID.randomUUID());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumer = new KafkaConsumer<>(props, alerts.keySerde().deserializer(),
                alerts.valueSerde().deserializer());
        List<TopicPartition> assigned = IntStream.range(0, alertPartitions)
                .mapToObj(p -> new TopicPartition(alerts.name(), p)).toList();
        consumer.assign(assigned);
        consumer.seekToBeginning(assigned);
        this.traffic = traffic;
        this.producer = producer;
        this.partitions = authPartitions;
        this.thread = new Thread(this::watch, "reliability-alert-watch");
        thread.setDaemon(true);
    }

    AlertWatch start() {
        thread.start();
        return this;
    }

    /**
     * Waits until, on every auth partition, a canary whose last event was sent after {@code faultNanos} has raised
     * its alert, and returns the time from the fault until the slowest partition's alert was readable.
     */
    Duration awaitDetectionResumed(long faultNanos, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<Duration> resumed = detectionResumed(faultNanos);
            if (resumed.isPresent()) {
                return resumed.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("detection had not resumed on every partition " + timeout
                        + " after the fault (canary alerts seen: " + canaryAlertNanos.size() + ")");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    Optional<Duration> detectionResumed(long faultNanos) {
        long slowest = Long.MIN_VALUE;
        for (int p = 0; p < partitions; p++) {
            OptionalLong first = firstCanaryAlertAfter(faultNanos, p);
            if (first.isEmpty()) {
                return Optional.empty();
            }
            slowest = Math.max(slowest, first.getAsLong());
        }
        return Optional.of(Duration.ofNanos(slowest - faultNanos));
    }

    /**
     * The median time from a canary's last event to its alert being readable, over the canaries sent between
     * {@code fromNanos} and {@code toNanos} whose alerts have arrived: detection latency with nothing broken.
     */
    Optional<Duration> medianCanaryLatency(long fromNanos, long toNanos) {
        List<Long> latencies = new ArrayList<>();
        canaryAlertNanos.forEach((number, arrived) -> {
            Long sent = producer.canarySentNanos(traffic.canaryNumbered(number));
            if (sent != null && sent >= fromNanos && sent < toNanos) {
                latencies.add(arrived - sent);
            }
        });
        if (latencies.isEmpty()) {
            return Optional.empty();
        }
        Collections.sort(latencies);
        return Optional.of(Duration.ofNanos(latencies.get(latencies.size() / 2)));
    }

    private OptionalLong firstCanaryAlertAfter(long faultNanos, int partition) {
        long first = Long.MAX_VALUE;
        for (Map.Entry<Integer, Long> seen : canaryAlertNanos.entrySet()) {
            ReliabilityTraffic.Canary canary = traffic.canaryNumbered(seen.getKey());
            Long sent = producer.canarySentNanos(canary);
            if (canary.partition() == partition && sent != null && sent > faultNanos) {
                first = Math.min(first, seen.getValue());
            }
        }
        return first == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(first);
    }

    @Override
    public void close() {
        stopped = true;
        consumer.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void watch() {
        try (consumer) {
            while (!stopped) {
                for (ConsumerRecord<String, Alert> record : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.nanoTime();
                    Alert alert = record.value();
                    ReliabilityTraffic.Canary canary = traffic.canary(alert.entity().value());
                    if (canary != null && alert.ruleId().equals("auth.brute_force.source")) {
                        canaryAlertNanos.putIfAbsent(canary.number(), now);
                    }
                }
            }
        } catch (WakeupException e) {
            // close() asked us to stop.
        }
    }
}
