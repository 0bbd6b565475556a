package io.breachwatch.detector.it;

import io.breachwatch.schema.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Produces a {@link ReliabilityTraffic} at a steady rate from a thread of its own, as an upstream platform would
 * while the tests break things: idempotent, {@code acks=all}, and patient enough (5 minutes of delivery timeout,
 * 64 MiB of buffer) to ride out a full broker outage without dropping anything. A record it could not deliver fails
 * the test as what it is (the producer's loss, not the detector's). It notes the wall-clock time at which each
 * canary's last event was handed over, which is when that canary's evidence existed.
 */
final class SteadyProducer implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final Topics topics;
    private final List<ReliabilityTraffic.Record> records;
    private final double perSecond;
    private final Thread thread;
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final Map<Integer, Long> canarySentNanos = new ConcurrentHashMap<>();
    private volatile boolean stopped;

    SteadyProducer(String bootstrapServers, Topics topics, ReliabilityTraffic traffic, double perSecond) {
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, "reliability-producer",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Duration.ofMinutes(5).toMillis(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, Duration.ofMinutes(5).toMillis(),
                ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024),
                new ByteArraySerializer(), new ByteArraySerializer());
        this.topics = topics;
        this.records = traffic.records();
        this.perSecond = perSecond;
        this.thread = new Thread(this::produce, "reliability-producer");
        thread.setDaemon(true);
    }

    SteadyProducer start() {
        thread.start();
        return this;
    }

    /** Records handed to the producer so far. */
    int sent() {
        return sent.get();
    }

    int total() {
        return records.size();
    }

    /** The wall-clock time ({@link System#nanoTime}) at which the canary's last event was sent; null if not yet. */
    Long canarySentNanos(ReliabilityTraffic.Canary canary) {
        return canarySentNanos.get(canary.number());
    }

    /**
     * Stops sending and waits until every record sent so far is acknowledged; returns how many were sent (a prefix
     * of the traffic, or all of it). Fails if any could not be delivered.
     */
    int stopAndFlush() throws InterruptedException {
        stopped = true;
        thread.join(TimeUnit.SECONDS.toMillis(10));
        producer.flush();
        if (failure.get() != null) {
            throw new AssertionError("the producer could not deliver a record", failure.get());
        }
        return sent();
    }

    @Override
    public void close() {
        stopped = true;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(10));
    }

    private void produce() {
        long start = System.nanoTime();
        double nanosPerRecord = 1e9 / perSecond;
        for (int i = 0; i < records.size() && !stopped; i++) {
            // Paced against the start, not the previous send: a send that blocked is followed by a catch-up burst.
            long due = start + (long) (i * nanosPerRecord);
            for (long wait = due - System.nanoTime(); wait > 0 && !stopped; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            ReliabilityTraffic.Record record = records.get(i);
            String topic = switch (record.type()) {
                case AUTH -> topics.authEvents();
                case API -> topics.apiEvents();
                case NET -> topics.netEvents();
            };
            try {
                producer.send(new ProducerRecord<>(topic, record.key(), record.value()), (metadata, exception) -> {
                    if (exception != null) {
                        failure.compareAndSet(null, exception);
                    }
                });
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
                return;
            }
            if (record.canary() != null) {
                canarySentNanos.put(record.canary().number(), System.nanoTime());
            }
            sent.incrementAndGet();
        }
    }
}
