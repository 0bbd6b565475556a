package io.breachwatch.detector.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The local broker is a real Kafka: transactions commit and abort, read_committed hides aborted records, consumer
 * groups commit offsets, a three-node cluster survives the loss of a partition leader and takes it back, and no
 * broker process or data outlives its LocalKafka or its parent JVM.
 */
@Tag("broker")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LocalKafkaIT {

    private static final String TOPIC = "local-kafka-it";
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    /** A record as read back: where it landed and what it holds. */
    private record Read(int partition, String key, String value) {
    }

    @Test
    void transactionsCommitAndAbortOnTwoPartitions() {
        try (LocalKafka kafka = LocalKafka.start()) {
            // Given a topic with two partitions
            kafka.createTopics(Map.of(TOPIC, 2));

            // When one transaction is aborted and the next committed, both writing to both partitions
            try (KafkaProducer<String, String> producer = transactionalProducer(kafka)) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(TOPIC, 0, "alert-0", "aborted"));
                producer.send(new ProducerRecord<>(TOPIC, 1, "alert-1", "aborted"));
                // Without the flush, abort may drop the records before they are sent, and the log would not hold
                // anything for read_committed to hide.
                producer.flush();
                producer.abortTransaction();

                producer.beginTransaction();
                producer.send(new ProducerRecord<>(TOPIC, 0, "alert-0", "first"));
                producer.send(new ProducerRecord<>(TOPIC, 1, "alert-1", "first"));
                producer.send(new ProducerRecord<>(TOPIC, 0, "alert-2", "second"));
                producer.commitTransaction();
            }

            // Then read_committed sees exactly the committed records, in order within each partition
            assertThat(readAll(kafka, IsolationLevel.READ_COMMITTED, 3)).containsExactly(
                    new Read(0, "alert-0", "first"),
                    new Read(0, "alert-2", "second"),
                    new Read(1, "alert-1", "first"));
            // ... while the aborted records are in the log, visible to read_uncommitted
            assertThat(readAll(kafka, IsolationLevel.READ_UNCOMMITTED, 5)).containsExactly(
                    new Read(0, "alert-0", "aborted"),
                    new Read(0, "alert-0", "first"),
                    new Read(0, "alert-2", "second"),
                    new Read(1, "alert-1", "aborted"),
                    new Read(1, "alert-1", "first"));
        }
    }

    @Test
    void aKilledLeaderIsReplacedAndComesBackInSync() throws Exception {
        try (LocalKafka kafka = LocalKafka.start(LocalKafka.Options.defaults().withBrokers(3))) {
            // Given a partition replicated on all three nodes, written with acks=all
            kafka.createTopics(Map.of(TOPIC, 2));
            TopicPartition partition = new TopicPartition(TOPIC, 0);
            int leader = kafka.leaderOf(partition).orElseThrow();
            assertThat(kafka.nodeIds()).containsExactly(1, 2, 3).contains(leader);
            send(kafka, "before");

            // When its leader is killed
            ProcessHandle killed = kafka.brokerProcesses().get(leader - 1);
            kafka.kill(leader);

            // Then the process is gone, another node leads, and acks=all writes go on (two replicas in sync)
            assertThat(killed.isAlive()).isFalse();
            Instant deadline = Instant.now().plus(READ_TIMEOUT);
            while (kafka.leaderOf(partition).orElse(leader) == leader) {
                assertThat(Instant.now()).as("a new leader for " + partition).isBefore(deadline);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
            send(kafka, "during");

            // When it is restarted, the cluster is whole again: a new process, every replica back in sync
            kafka.restart(leader);
            assertThat(kafka.brokerProcesses()).hasSize(3).allMatch(ProcessHandle::isAlive);
            assertThat(kafka.admin().describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC).partitions()
                    .get(0).isr()).hasSize(3);
            send(kafka, "after");
            assertThat(readAll(kafka, IsolationLevel.READ_COMMITTED, 3)).containsExactly(
                    new Read(0, "k", "before"), new Read(0, "k", "during"), new Read(0, "k", "after"));
        }
    }

    @Test
    void closeStopsTheBrokerAndDeletesItsData() {
        LocalKafka kafka = LocalKafka.start();
        List<ProcessHandle> brokers = kafka.brokerProcesses();
        Path dataDir = kafka.dataDir();
        assertThat(kafka.bootstrapServers()).matches("127\\.0\\.0\\.1:\\d+");
        assertThat(brokers).hasSize(1).allMatch(ProcessHandle::isAlive);
        assertThat(dataDir.resolve("node-1/broker.log")).content().contains("Kafka Server started");

        kafka.close();

        assertThat(brokers).noneMatch(ProcessHandle::isAlive);
        assertThat(dataDir).doesNotExist();
    }

    @Test
    void brokerHaltsWhenItsParentsPipeCloses() throws Exception {
        try (LocalKafka kafka = LocalKafka.start()) {
            ProcessHandle broker = kafka.brokerProcesses().get(0);
            Path consoleLog = kafka.dataDir().resolve("node-1/console.log");

            // When the pipe closes, as the operating system does when the parent JVM dies, even by kill -9
            kafka.closeWatchdogPipes();

            // Then the broker halts by itself, through the watchdog rather than any signal
            broker.onExit().get(30, TimeUnit.SECONDS);
            assertThat(broker.isAlive()).isFalse();
            assertThat(Files.readString(consoleLog, StandardCharsets.UTF_8))
                    .contains("parent process gone (stdin closed), halting the broker");
        }
    }

    /** Writes one record to partition 0 with acks=all, and waits for the acknowledgement. */
    private static void send(LocalKafka kafka, String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(TOPIC, 0, "k", value)).get(READ_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    private static KafkaProducer<String, String> transactionalProducer(LocalKafka kafka) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "local-kafka-it",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer());
    }

    /**
     * Reads both partitions from the beginning until it has at least {@code expected} records and has reached the
     * end offsets (the last stable offset under read_committed), then commits through a consumer group so that the
     * offsets topic is exercised too. The count matters: commitTransaction returns before the commit markers are
     * written, so for a moment the last stable offset can still lie before the committed records.
     */
    private static List<Read> readAll(LocalKafka kafka, IsolationLevel isolation, int expected) {
        String isolationName = isolation.toString().toLowerCase(Locale.ROOT);
        List<TopicPartition> partitions = List.of(new TopicPartition(TOPIC, 0), new TopicPartition(TOPIC, 1));
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "local-kafka-it-" + isolationName,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationName,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<Read> reads = new ArrayList<>();
            Instant deadline = Instant.now().plus(READ_TIMEOUT);
            while (reads.size() < expected || !reachedEnd(consumer, partitions)) {
                assertThat(Instant.now()).as(() -> String.format("reading %d records with %s; read %s, positions %s,"
                        + " end offsets %s", expected, isolationName, reads, positions(consumer, partitions),
                        consumer.endOffsets(partitions))).isBefore(deadline);
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    reads.add(new Read(record.partition(), record.key(), record.value()));
                }
            }
            consumer.commitSync();
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions));
            partitions.forEach(tp -> assertThat(committed.get(tp).offset()).isEqualTo(consumer.position(tp)));
            reads.sort(Comparator.comparingInt(Read::partition));
            return reads;
        }
    }

    private static Map<TopicPartition, Long> positions(KafkaConsumer<String, String> consumer,
                                                       List<TopicPartition> partitions) {
        return partitions.stream().collect(Collectors.toMap(tp -> tp, consumer::position));
    }

    private static boolean reachedEnd(KafkaConsumer<String, String> consumer, List<TopicPartition> partitions) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        return partitions.stream().allMatch(tp -> consumer.position(tp) >= ends.get(tp));
    }
}
