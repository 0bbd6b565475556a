package io.breachwatch.detector.page;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pager bridge: one {@link PagerLane} per destination, each on its own thread with its own consumer group, so a
 * destination that is down holds back only its own pages. Stops when closed, or when a lane fails (then
 * {@link #failed()} is true and a supervisor should restart the process: nothing is lost, the lane's records are
 * read again from its committed offsets).
 */
public final class PagerBridge implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PagerBridge.class);

    private final List<PagerLane> lanes = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final KafkaDeadLetters deadLetters;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private PagerBridge(KafkaDeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    /** Starts a lane per destination. */
    public static PagerBridge start(PagerConfig config, PagerMetrics metrics) {
        PagerBridge bridge = new PagerBridge(new KafkaDeadLetters(config.kafka(), config.deadLetterTopic()));
        Random random = new SecureRandom();
        try {
            for (DestinationConfig destination : config.destinations()) {
                KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                        PagerLane.consumerProperties(config, destination), new ByteArrayDeserializer(),
                        new ByteArrayDeserializer());
                bridge.lanes.add(new PagerLane(config, destination, consumer,
                        new HttpDestination(destination, Clock.systemUTC()), bridge.deadLetters, metrics,
                        Clock.systemUTC(), random));
            }
        } catch (RuntimeException e) {
            bridge.close();
            throw e;
        }
        for (PagerLane lane : bridge.lanes) {
            Thread thread = new Thread(lane::run, "breachwatch-pager-" + lane.name());
            thread.setDaemon(false);
            bridge.threads.add(thread);
            thread.start();
        }
        config.destinations().forEach(d -> LOG.info("Paging {}", d.describe()));
        return bridge;
    }

    /** Every destination is reading all partitions of its topics. */
    public boolean ready() {
        return !lanes.isEmpty() && lanes.stream().allMatch(PagerLane::ready);
    }

    /** Whether a lane stopped on an unexpected error. */
    public boolean failed() {
        return lanes.stream().anyMatch(PagerLane::failed);
    }

    /** Blocks until a lane stops (closed, or failed). */
    public void awaitStop() throws InterruptedException {
        while (threads.stream().allMatch(Thread::isAlive)) {
            threads.get(0).join(500);
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        lanes.forEach(PagerLane::close);
        for (Thread thread : threads) {
            try {
                thread.join(Duration.ofSeconds(15).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        deadLetters.close();
    }
}
