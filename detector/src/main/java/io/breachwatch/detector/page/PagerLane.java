package io.breachwatch.detector.page;

import io.breachwatch.detector.core.DisplayText;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the alert and incident topics to one destination, at least once, with its own consumer group.
 *
 * <p>One round: read records (read_committed), decide each one ({@link GroupWindows}: page it, fold it, or drop it
 * below {@code min_severity}), commit offsets and decisions together ({@link WindowState}), then deliver pages one
 * by one, retrying each until the destination accepts it or refuses it for good (then it is dead-lettered). A
 * record's offset is committed only once everything it takes part in is delivered; decisions are committed before
 * any page leaves. So after a crash, at any point, the records read again are decided as before: a page may arrive
 * twice, always with the same dedup key and the same content, and nothing is lost.
 *
 * <p>The partitions are assigned, not subscribed (no rebalances: the windows span partitions), so one process runs
 * one lane per destination; run a single bridge per consumer group.
 */
final class PagerLane implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PagerLane.class);
    /** Records read but not yet delivered beyond which reading pauses (a flood folded into open windows). */
    static final int MAX_UNRESOLVED = 200_000;
    /** Pages delivered per round before reading again, so windows close on time while a backlog drains. */
    static final int PAGES_PER_ROUND = 20;
    static final Duration POLL = Duration.ofMillis(100);
    static final Duration PARTITION_CHECK = Duration.ofSeconds(30);
    static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final DestinationType type;
    private final DestinationConfig destination;
    private final Consumer<byte[], byte[]> consumer;
    private final List<String> topics;
    private final PagerConfig.StartAt startAt;
    private final InputRecord.Decoder decoder;
    private final HttpDestination http;
    private final DeadLetterSink deadLetters;
    private final PagerMetrics metrics;
    private final Clock clock;
    private final Random random;
    private final GroupWindows windows;
    private final TokenBucket bucket;
    private final OffsetLedger ledger = new OffsetLedger();
    private final Map<TopicPartition, ArrayDeque<ConsumerRecord<byte[], byte[]>>> backlog = new LinkedHashMap<>();
    private final ArrayDeque<Delivery> outbox = new ArrayDeque<>();
    private final Object pause = new Object();
    private Map<TopicPartition, OffsetAndMetadata> committed = Map.of();
    private Instant partitionsCheckedAt;
    private Instant commitWarnedAt;
    private long reportedUnresolved;
    private volatile boolean running = true;
    private volatile boolean ready;
    private volatile boolean failed;
    private volatile Thread thread;

    /** A page waiting to go out, with what it resolves once delivered. */
    private static final class Delivery {
        final Page page;
        final GroupWindow window;
        /** The leader record it is for, or null for a window's page. */
        final InputRecord leader;
        final Instant decidedAt;
        boolean needsToken;

        Delivery(Page page, GroupWindow window, InputRecord leader, boolean needsToken, Instant decidedAt) {
            this.page = page;
            this.window = window;
            this.leader = leader;
            this.needsToken = needsToken;
            this.decidedAt = decidedAt;
        }
    }

    PagerLane(PagerConfig config, DestinationConfig destination, Consumer<byte[], byte[]> consumer,
              HttpDestination http, DeadLetterSink deadLetters, PagerMetrics metrics, Clock clock, Random random) {
        this.name = destination.name();
        this.type = destination.type();
        this.destination = destination;
        this.consumer = consumer;
        List<String> wanted = new ArrayList<>();
        if (destination.topics().contains(PagedTopic.ALERTS)) {
            wanted.add(config.topics().alerts());
        }
        if (destination.topics().contains(PagedTopic.INCIDENTS)) {
            wanted.add(config.topics().incidents());
        }
        this.topics = List.copyOf(wanted);
        this.startAt = config.startAt();
        this.decoder = new InputRecord.Decoder(config.topics());
        this.http = http;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.clock = clock;
        this.random = random;
        this.windows = new GroupWindows(destination.groupWindow(), destination.maxWindowAlerts());
        this.bucket = new TokenBucket(destination.rateLimit(), clock.instant());
        metrics.register(type);
    }

    /** Consumer settings the delivery guarantee depends on, over the user's Kafka client settings. */
    static Map<String, Object> consumerProperties(PagerConfig config, DestinationConfig destination) {
        Map<String, Object> props = new HashMap<>(config.kafka());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupOf(destination));
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, config.groupOf(destination));
        // Only records of committed detector transactions: never an alert that an aborted transaction will redo.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Where to go when a committed offset has been deleted by retention: the oldest retained, never past them.
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        return props;
    }

    String name() {
        return name;
    }

    /** Reading every partition of its topics. */
    boolean ready() {
        return ready;
    }

    boolean failed() {
        return failed;
    }

    /** Pages waiting to go out or records not yet decided: for tests that run rounds until all is done. */
    boolean hasPendingWork() {
        return !outbox.isEmpty() || backlog.values().stream().anyMatch(q -> !q.isEmpty())
                || ledger.unresolved() > 0;
    }

    /** Runs rounds until closed; a failure is logged and leaves {@link #failed()} set. */
    void run() {
        thread = Thread.currentThread();
        try {
            while (running) {
                runOnce();
            }
        } catch (WakeupException | InterruptException e) {
            if (running) {
                failed = true;
                LOG.error("{}: interrupted unexpectedly", name);
            }
        } catch (RuntimeException e) {
            failed = true;
            LOG.error("{}: stopped by an unexpected error: {}", name, e.toString());
        } finally {
            running = false;
            ready = false;
            Thread.interrupted();
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.warn("{}: closing the consumer: {}", name, e.toString());
            }
            metrics.unresolved(type, -reportedUnresolved);
            reportedUnresolved = 0;
        }
    }

    /** One round; tests drive rounds directly. */
    void runOnce() {
        checkPartitions(clock.instant());
        if (consumer.assignment().isEmpty()) {
            sleep(POLL);
            return;
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            ledger.register(partition, record.offset());
            backlog.computeIfAbsent(partition, p -> new ArrayDeque<>()).add(record);
        }
        Instant now = clock.instant();
        windows.closeDue(now);
        decideBacklog(now);
        queueWindowPages(now);
        for (TopicPartition partition : consumer.assignment()) {
            if (backlogOf(partition).isEmpty()) {
                ledger.advance(partition, consumer.position(partition, KAFKA_TIMEOUT));
            }
        }
        windows.forget(ledger::committable);
        throttle();
        reportUnresolved();
        if (!commit()) {
            return; // decisions must be stored before their pages leave
        }
        deliver();
    }

    // --- reading and deciding ---------------------------------------------------------------------------------

    private void checkPartitions(Instant now) {
        if (partitionsCheckedAt != null && Duration.between(partitionsCheckedAt, now).compareTo(PARTITION_CHECK) < 0) {
            return;
        }
        partitionsCheckedAt = now;
        Set<TopicPartition> found = new LinkedHashSet<>();
        List<String> missing = new ArrayList<>();
        for (String topic : topics) {
            List<PartitionInfo> infos;
            try {
                infos = consumer.partitionsFor(topic, KAFKA_TIMEOUT);
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                infos = null;
            }
            if (infos == null || infos.isEmpty()) {
                missing.add(topic);
            } else {
                infos.forEach(info -> found.add(new TopicPartition(topic, info.partition())));
            }
        }
        if (!missing.isEmpty()) {
            LOG.warn("{}: topic(s) {} not found; checking again in {}s", name, missing, PARTITION_CHECK.toSeconds());
        }
        Set<TopicPartition> added = new LinkedHashSet<>(found);
        added.removeAll(consumer.assignment());
        if (!added.isEmpty()) {
            Set<TopicPartition> before = Set.copyOf(consumer.assignment());
            try {
                assign(added);
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                // The cluster did not answer in time: read what was assigned before, try again soon
                consumer.assign(before);
                partitionsCheckedAt = now.minus(PARTITION_CHECK).plusSeconds(5);
                LOG.warn("{}: Kafka did not answer while assigning partitions ({}); retrying", name, e.toString());
                ready = false;
                return;
            }
        }
        ready = missing.isEmpty();
    }

    /** Assigns new partitions at their committed offsets (restoring the windows there) or at start_at. */
    private void assign(Set<TopicPartition> added) {
        Map<TopicPartition, OffsetAndMetadata> offsets = consumer.committed(added, KAFKA_TIMEOUT);
        Set<TopicPartition> all = new LinkedHashSet<>(consumer.assignment());
        all.addAll(added);
        consumer.assign(all);
        Map<TopicPartition, Long> starts = new HashMap<>();
        Map<TopicPartition, String> metadata = new HashMap<>();
        for (TopicPartition partition : added) {
            OffsetAndMetadata offset = offsets.get(partition);
            if (offset != null) {
                consumer.seek(partition, offset.offset());
                starts.put(partition, offset.offset());
                metadata.put(partition, offset.metadata());
            } else {
                if (startAt == PagerConfig.StartAt.EARLIEST) {
                    consumer.seekToBeginning(List.of(partition));
                } else {
                    consumer.seekToEnd(List.of(partition));
                }
                starts.put(partition, consumer.position(partition, KAFKA_TIMEOUT));
            }
        }
        starts.forEach(ledger::start);
        int before = windows.tracked().size();
        windows.restore(WindowState.decodeAll(metadata, () -> LOG.warn("{}: committed metadata not written by "
                + "this bridge; starting without its grouping state", name)));
        LOG.info("{}: reading {} partition(s) of {}; {} group window(s) restored", name, all.size(), topics,
                windows.tracked().size() - before);
    }

    private ArrayDeque<ConsumerRecord<byte[], byte[]>> backlogOf(TopicPartition partition) {
        return backlog.computeIfAbsent(partition, p -> new ArrayDeque<>());
    }

    private void decideBacklog(Instant now) {
        for (ArrayDeque<ConsumerRecord<byte[], byte[]>> queue : backlog.values()) {
            while (running && !queue.isEmpty() && decide(decoder.decode(queue.peek()), now)) {
                queue.poll();
            }
        }
    }

    /** Decides one record; false when it cannot be decided now (no room for a window, or stopping). */
    private boolean decide(InputRecord record, Instant now) {
        if (!record.valid()) {
            if (!deadLetterUndecodable(record)) {
                return false;
            }
            metrics.record(type, "undecodable");
            ledger.resolve(record.partition(), record.offset());
            return true;
        }
        if (!destination.pages(record.severity())) {
            metrics.record(type, "filtered");
            ledger.resolve(record.partition(), record.offset());
            return true;
        }
        // Pages waiting for a token go first: a new group's first alert folds rather than overtake a summary.
        GroupWindows.Decision decision = windows.decide(record, now,
                () -> outbox.stream().noneMatch(d -> d.needsToken) && bucket.tryTake(now));
        if (decision instanceof GroupWindows.Decision.Blocked) {
            return false;
        }
        if (decision instanceof GroupWindows.Decision.Done) {
            ledger.resolve(record.partition(), record.offset());
        } else if (decision instanceof GroupWindows.Decision.Lead lead) {
            // An alert took its token when it was decided; an incident is never folded, it waits for one.
            outbox.add(new Delivery(lead.page(), lead.window(), record, !lead.again() && record.incident() != null,
                    now));
            if (!lead.again()) {
                metrics.record(type, "paged");
            }
        } else if (decision instanceof GroupWindows.Decision.Folded folded
                && folded.cause() != GroupWindows.FoldCause.REPLAYED) {
            metrics.record(type, "folded");
            if (folded.counted()) {
                metrics.folded(type, folded.cause());
            }
        }
        return true;
    }

    private void queueWindowPages(Instant now) {
        for (GroupWindow window : windows.ready(this::frontier)) {
            window.pageQueued(true);
            if (window.counted() == 0) {
                window.resolve(ledger::resolve); // only repeats of the first page: nothing more to say
            } else {
                outbox.add(new Delivery(window.content().page(window), window, null, true, now));
            }
        }
    }

    /** The offset of the next record of a partition still to be decided. */
    private long frontier(TopicPartition partition) {
        ArrayDeque<ConsumerRecord<byte[], byte[]>> queue = backlog.get(partition);
        if (queue != null && !queue.isEmpty()) {
            return queue.peek().offset();
        }
        return consumer.assignment().contains(partition) ? consumer.position(partition, KAFKA_TIMEOUT)
                : Long.MAX_VALUE;
    }

    /** Stops fetching partitions with undecided records, and everything while too much is undelivered. */
    private void throttle() {
        boolean full = ledger.unresolved() >= MAX_UNRESOLVED;
        Set<TopicPartition> paused = new HashSet<>();
        for (TopicPartition partition : consumer.assignment()) {
            if (full || !backlogOf(partition).isEmpty()) {
                paused.add(partition);
            }
        }
        Set<TopicPartition> resumed = new HashSet<>(consumer.assignment());
        resumed.removeAll(paused);
        consumer.pause(paused);
        consumer.resume(resumed);
    }

    private void reportUnresolved() {
        long now = ledger.unresolved();
        metrics.unresolved(type, now - reportedUnresolved);
        reportedUnresolved = now;
    }

    // --- committing ---------------------------------------------------------------------------------------------

    /** Commits offsets and window state if they changed; false if the commit failed (then nothing is delivered). */
    private boolean commit() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : consumer.assignment()) {
            offsets.put(partition, new OffsetAndMetadata(ledger.committable(partition),
                    WindowState.encode(partition, windows.tracked())));
        }
        if (offsets.equals(committed)) {
            return true;
        }
        try {
            consumer.commitSync(offsets, KAFKA_TIMEOUT);
            committed = offsets;
            return true;
        } catch (WakeupException | InterruptException e) {
            throw e;
        } catch (KafkaException e) {
            metrics.commitFailed(type);
            Instant now = clock.instant();
            if (commitWarnedAt == null || Duration.between(commitWarnedAt, now).toMinutes() >= 1) {
                commitWarnedAt = now;
                LOG.warn("{}: committing offsets failed ({}); pages wait until a commit succeeds", name, e.toString());
            }
            return false;
        }
    }

    // --- delivering ---------------------------------------------------------------------------------------------

    private void deliver() {
        int sent = 0;
        while (running && !outbox.isEmpty() && sent < PAGES_PER_ROUND) {
            Delivery delivery = outbox.peek();
            if (delivery.needsToken) {
                if (!bucket.tryTake(clock.instant())) {
                    return;
                }
                delivery.needsToken = false;
            }
            if (!deliver(delivery)) {
                return;
            }
            outbox.poll();
            if (delivery.leader != null) {
                ledger.resolve(delivery.leader.partition(), delivery.leader.offset());
                delivery.window.resolveLeader();
            } else {
                delivery.window.resolve(ledger::resolve);
            }
            sent++;
        }
        if (sent > 0) {
            windows.forget(ledger::committable);
            commit();
        }
    }

    /** Delivers one page until accepted or dead-lettered; false only when stopping. */
    private boolean deliver(Delivery delivery) {
        Page page = delivery.page;
        Instant first = clock.instant();
        int attempt = 0;
        boolean overdue = false;
        try {
            while (running) {
                Attempt outcome;
                try {
                    outcome = http.send(page);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                if (outcome instanceof Attempt.Accepted) {
                    metrics.delivered(type, page.kind(), Duration.between(delivery.decidedAt, clock.instant()));
                    if (overdue || attempt >= 3) {
                        LOG.info("{}: {} {} delivered after {} attempts", name, page.kind().label(),
                                safe(page.dedupKey()), attempt + 1);
                    }
                    return true;
                }
                if (outcome instanceof Attempt.Rejected rejected) {
                    metrics.rejected(type, page.kind());
                    LOG.warn("{}: {} {} refused with HTTP {}; recording it as a dead letter", name,
                            page.kind().label(), safe(page.dedupKey()), rejected.status());
                    return deadLetterRejected(delivery, rejected);
                }
                Attempt.Retry retry = (Attempt.Retry) outcome;
                attempt++;
                metrics.retried(type, retry.reason());
                Duration elapsed = Duration.between(first, clock.instant());
                if (!overdue && elapsed.compareTo(destination.retry().overdueAfter()) >= 0) {
                    overdue = true;
                    metrics.overdue(type, 1);
                    LOG.warn("{}: {} {} still not delivered after {}s ({} attempts, last: {}{}); retrying until it "
                                    + "is", name, page.kind().label(), safe(page.dedupKey()), elapsed.toSeconds(),
                            attempt, retry.reason().label(), retry.status() > 0 ? " " + retry.status() : "");
                } else if (attempt == 1) {
                    LOG.info("{}: {} {} not delivered ({}{}); retrying", name, page.kind().label(),
                            safe(page.dedupKey()), retry.reason().label(),
                            retry.status() > 0 ? " " + retry.status() : "");
                }
                if (!sleep(destination.retry().delay(attempt, retry.retryAfter(), random))) {
                    return false;
                }
            }
            return false;
        } finally {
            if (overdue) {
                metrics.overdue(type, -1);
            }
        }
    }

    private boolean deadLetterRejected(Delivery delivery, Attempt.Rejected rejected) {
        int status = rejected.status();
        String reason = status >= 400 && status < 500 ? PageDeadLetter.REJECTED : PageDeadLetter.UNEXPECTED_STATUS;
        List<PageDeadLetter.Source> sources = delivery.leader != null
                ? List.of(new PageDeadLetter.Source(delivery.leader.partition().topic(),
                        delivery.leader.partition().partition(), delivery.leader.offset(), delivery.leader.offset(), 1))
                : delivery.window.sources();
        return writeDeadLetter(new PageDeadLetter(reason, "HTTP " + status + " from the destination", name,
                type.label(), delivery.page.kind().label(), delivery.page.dedupKey(), status, rejected.excerpt(),
                WebhookFormat.envelope(delivery.page), sources, null, clock.instant()), reason);
    }

    private boolean deadLetterUndecodable(InputRecord record) {
        LOG.warn("{}: {}-{}@{} is not a valid {}; recording it as a dead letter", name, record.partition().topic(),
                record.partition().partition(), record.offset(), record.topic() == PagedTopic.ALERTS ? "alert"
                        : "incident");
        return writeDeadLetter(new PageDeadLetter(PageDeadLetter.UNDECODABLE, record.error(), name, type.label(),
                null, null, 0, null, null, List.of(new PageDeadLetter.Source(record.partition().topic(),
                        record.partition().partition(), record.offset(), record.offset(), 1)),
                payload(record), clock.instant()), PageDeadLetter.UNDECODABLE);
    }

    private String payload(InputRecord record) {
        for (ConsumerRecord<byte[], byte[]> raw : backlogOf(record.partition())) {
            if (raw.offset() == record.offset()) {
                if (raw.value() == null) {
                    return null;
                }
                String text = new String(raw.value(), StandardCharsets.UTF_8);
                return text.length() > PageDeadLetter.MAX_PAYLOAD_CHARS
                        ? text.substring(0, PageDeadLetter.MAX_PAYLOAD_CHARS) : text;
            }
        }
        return null;
    }

    /** Writes a dead letter, retrying until it is stored; false only when stopping. */
    private boolean writeDeadLetter(PageDeadLetter letter, String reason) {
        int attempt = 0;
        while (running) {
            try {
                deadLetters.write(name, letter);
                metrics.deadLettered(type, reason);
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (Exception e) {
                attempt++;
                if (attempt == 1 || attempt % 10 == 0) {
                    LOG.warn("{}: writing a dead letter failed ({} attempts): {}", name, attempt, e.toString());
                }
                if (!sleep(destination.retry().delay(attempt, null, random))) {
                    return false;
                }
            }
        }
        return false;
    }

    private static String safe(String text) {
        return DisplayText.safe(text, 200);
    }

    /** Waits, or returns false at once when the lane is closing. */
    private boolean sleep(Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        synchronized (pause) {
            long left;
            while (running && (left = deadline - System.nanoTime()) > 0) {
                try {
                    pause.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return running;
    }

    /** Stops at the next step: a page being delivered is abandoned (it stays uncommitted and is sent again). */
    @Override
    public void close() {
        running = false;
        synchronized (pause) {
            pause.notifyAll();
        }
        consumer.wakeup();
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            t.interrupt();
        }
    }
}
