package io.breachwatch.detector.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka cluster (KRaft, every node both broker and controller) running in child {@code java}
 * processes on 127.0.0.1, on ports picked at run time, for integration tests and {@code breachwatch demo}.
 *
 * <p>{@link #start(Options)} formats fresh storage in a temporary data directory, starts the broker JVMs from the
 * jars that {@code deploy/local-broker} copies (see {@link BrokerJars} for how they are found) and returns once the
 * cluster answers {@code describeCluster} with all its brokers. {@link #close()} stops the brokers gracefully, kills
 * them if they do not stop within the shutdown timeout, waits until they are gone and deletes the data directory; a
 * JVM shutdown hook does the same on Ctrl-C, and each broker halts on its own if this JVM dies without running hooks
 * ({@code kill -9}), because it watches a pipe that only this JVM holds open. Broker logs go to
 * {@code <dataDir>/node-<id>/broker.log}, never to the console.
 *
 * <p>For fault-injection tests, {@link #kill(int)} crashes one node ({@code SIGKILL}), {@link #leaderOf} says which
 * node leads a partition (so that a test can kill exactly that one), and {@link #restart(int...)} brings killed
 * nodes back on their own storage and ports, returning once the cluster is whole again.
 */
public final class LocalKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalKafka.class);

    /** A picked port can be taken by another process before the broker binds it; that is worth a fresh try. */
    private static final int START_ATTEMPTS = 3;
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
    private static final Duration ADMIN_CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final int PROBE_TIMEOUT_MS = 2_000;

    /**
     * How to run the local cluster. {@code dataDirParent} null means the system temporary directory; a fresh
     * directory is created inside it either way and deleted on close. {@code brokerHeap} is a {@code -Xmx} value
     * such as {@code 512m}. {@code brokers} above one gives a multi-node cluster whose internal and default topics
     * are replicated three ways (two in sync) when it has at least three nodes. {@code secureListeners} are
     * {@code SASL_SSL} client listeners offered next to PLAINTEXT (see {@link SecureListener}). {@code aclAuthorizer}
     * turns on Kafka's ACL authorizer: principals of the secure listeners may do only what ACLs grant them, while
     * PLAINTEXT clients (this class's own admin client, the tests' producers and readers) are super users.
     */
    public record Options(Path dataDirParent, String brokerHeap, int brokers, Duration startupTimeout,
                          Duration shutdownTimeout, List<SecureListener> secureListeners, boolean aclAuthorizer) {

        public Options {
            Objects.requireNonNull(brokerHeap, "brokerHeap");
            if (!brokerHeap.matches("[1-9][0-9]*[kKmMgG]?")) {
                throw new IllegalArgumentException("brokerHeap must be a -Xmx size such as 512m, not " + brokerHeap);
            }
            if (brokers < 1) {
                throw new IllegalArgumentException("brokers must be at least 1, not " + brokers);
            }
            requirePositive(startupTimeout, "startupTimeout");
            requirePositive(shutdownTimeout, "shutdownTimeout");
            secureListeners = List.copyOf(secureListeners);
            if (secureListeners.stream().map(SecureListener::name).distinct().count() != secureListeners.size()) {
                throw new IllegalArgumentException("secure listener names must be distinct: " + secureListeners);
            }
        }

        /** One broker with a 512 MB heap in the temporary directory; 60 s to start, 10 s to stop gracefully. */
        public static Options defaults() {
            return new Options(null, "512m", 1, Duration.ofSeconds(60), Duration.ofSeconds(10), List.of(), false);
        }

        public Options withDataDirParent(Path dir) {
            return new Options(dir, brokerHeap, brokers, startupTimeout, shutdownTimeout,
                    secureListeners, aclAuthorizer);
        }

        public Options withBrokerHeap(String heap) {
            return new Options(dataDirParent, heap, brokers, startupTimeout, shutdownTimeout,
                    secureListeners, aclAuthorizer);
        }

        public Options withBrokers(int count) {
            return new Options(dataDirParent, brokerHeap, count, startupTimeout, shutdownTimeout,
                    secureListeners, aclAuthorizer);
        }

        public Options withStartupTimeout(Duration timeout) {
            return new Options(dataDirParent, brokerHeap, brokers, timeout, shutdownTimeout,
                    secureListeners, aclAuthorizer);
        }

        public Options withShutdownTimeout(Duration timeout) {
            return new Options(dataDirParent, brokerHeap, brokers, startupTimeout, timeout,
                    secureListeners, aclAuthorizer);
        }

        /** Adds a {@code SASL_SSL} client listener with its own certificate. */
        public Options withSecureListener(SecureListener listener) {
            List<SecureListener> more = new ArrayList<>(secureListeners);
            more.add(listener);
            return new Options(dataDirParent, brokerHeap, brokers, startupTimeout, shutdownTimeout, more,
                    aclAuthorizer);
        }

        /** Turns on the ACL authorizer, PLAINTEXT clients being super users. */
        public Options withAclAuthorizer() {
            return new Options(dataDirParent, brokerHeap, brokers, startupTimeout, shutdownTimeout, secureListeners,
                    true);
        }

        private static void requirePositive(Duration duration, String name) {
            Objects.requireNonNull(duration, name);
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, not " + duration);
            }
        }
    }

    private final Options options;
    private final Path dataDir;
    private final Thread shutdownHook;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<BrokerProcess> nodes = new CopyOnWriteArrayList<>();
    /** Nodes killed on purpose ({@link #kill}) and not restarted yet: their absence is not a failure. */
    private final Set<Integer> down = ConcurrentHashMap.newKeySet();
    private volatile String clusterId;
    private volatile Admin admin;
    private volatile String bootstrapServers;
    private volatile Duration startupTime;

    private LocalKafka(Options options, Path dataDir) {
        this.options = options;
        this.dataDir = dataDir;
        this.shutdownHook = new Thread(this::close, "breachwatch-local-kafka-shutdown");
    }

    /** Starts a single broker with the {@linkplain Options#defaults() default options}. */
    public static LocalKafka start() {
        return start(Options.defaults());
    }

    /**
     * Starts the cluster and returns once every broker is registered and answering.
     *
     * @throws IllegalStateException if the broker jars are missing, or the cluster did not come up within the
     *     startup timeout (the message carries the broker's errors and last log lines); nothing is left running
     */
    public static LocalKafka start(Options options) {
        Objects.requireNonNull(options, "options");
        // Located first, so that an unbuilt checkout produces that one clear message and no temporary directory.
        Path libDir = BrokerJars.locate();
        LocalKafka kafka = new LocalKafka(options, createDataDir(options.dataDirParent()));
        try {
            // Registered before any process starts: Ctrl-C during start-up must clean up too.
            Runtime.getRuntime().addShutdownHook(kafka.shutdownHook);
            kafka.boot(libDir);
            return kafka;
        } catch (RuntimeException | Error e) {
            try {
                kafka.close();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** Comma-separated {@code host:port} of every broker, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        requireOpen();
        return bootstrapServers;
    }

    /**
     * Comma-separated {@code host:port} of every broker's listener {@code listenerName} (a {@link SecureListener}'s
     * name, or {@code PLAINTEXT}).
     */
    public String bootstrapServers(String listenerName) {
        requireOpen();
        if (listenerName.equals("PLAINTEXT")) {
            return bootstrapServers;
        }
        int index = options.secureListeners().stream().map(SecureListener::name).toList().indexOf(listenerName);
        if (index < 0) {
            throw new IllegalArgumentException("No listener " + listenerName + "; secure listeners: "
                    + options.secureListeners());
        }
        return nodes.stream()
                .map(node -> BrokerConfig.LOOPBACK + ":" + node.address().securePorts().get(index))
                .collect(Collectors.joining(","));
    }

    /** An Admin client connected to this cluster, shared and owned by this instance: do not close it. */
    public Admin admin() {
        requireOpen();
        return admin;
    }

    /**
     * Creates topics with the given partition counts, replicated as widely as the cluster allows (up to three), and
     * returns once every partition has a leader, so that producers and Streams applications can use them at once.
     */
    public void createTopics(Map<String, Integer> partitionsByTopic) {
        short replication = (short) Math.min(3, nodes.size());
        createTopics(partitionsByTopic.entrySet().stream()
                .map(topic -> new NewTopic(topic.getKey(), topic.getValue(), replication))
                .collect(Collectors.toList()));
    }

    /** Creates the topics as given and returns once every partition has a leader. */
    public void createTopics(Collection<NewTopic> topics) {
        requireOpen();
        Set<String> names = topics.stream().map(NewTopic::name).collect(Collectors.toSet());
        try {
            admin.createTopics(topics).all().get(ADMIN_CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot create topics " + names + " on the local Kafka cluster", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics " + names, e);
        }
        awaitCondition(Instant.now().plus(ADMIN_CALL_TIMEOUT), () -> allPartitionsLed(names),
                "leaders for every partition of " + names);
    }

    /** The directory holding this cluster's storage, configuration and logs; deleted by {@link #close()}. */
    public Path dataDir() {
        return dataDir;
    }

    /** Wall-clock time from {@link #start(Options)} until the cluster answered, storage formatting included. */
    public Duration startupTime() {
        return startupTime;
    }

    /** The ids of the cluster's nodes: 1 to the number of brokers. */
    public List<Integer> nodeIds() {
        return nodes.stream().map(node -> node.address().nodeId()).collect(Collectors.toList());
    }

    /**
     * The node that leads {@code partition} now, as the cluster's metadata says; empty while the partition has no
     * leader (every replica down).
     *
     * @throws IllegalStateException if the topic does not exist or the cluster does not answer within 30 s
     */
    public OptionalInt leaderOf(TopicPartition partition) {
        requireOpen();
        TopicPartitionInfo info = describe(Set.of(partition.topic())).get(partition.topic()).partitions().stream()
                .filter(p -> p.partition() == partition.partition()).findFirst()
                .orElseThrow(() -> new IllegalStateException("No partition " + partition + " on the local cluster"));
        Node leader = info.leader();
        return leader == null || leader.isEmpty() ? OptionalInt.empty() : OptionalInt.of(leader.id());
    }

    /**
     * Kills node {@code nodeId} with {@code SIGKILL}, as a crash or a pulled power cord would (no controlled
     * shutdown, no leadership hand-over), and returns once its process is gone. The other nodes carry on: the
     * controller moves leadership away once the node's KRaft session expires, a few seconds later.
     */
    public void kill(int nodeId) {
        requireOpen();
        BrokerProcess node = node(nodeId);
        down.add(nodeId);
        node.kill();
        node.awaitGone();
        LOG.info("Local Kafka node {} killed", nodeId);
    }

    /**
     * Starts killed nodes again on their own storage and ports, and returns once the cluster is whole: every node
     * registered and every replica of every partition back in sync, so that the next fault starts from a healthy
     * cluster as it would in production (one fault at a time). Restarting all nodes after all were killed is a
     * full outage's recovery.
     *
     * @throws IllegalStateException if a node does not come back within the startup timeout
     */
    public void restart(int... nodeIds) {
        requireOpen();
        Instant deadline = Instant.now().plus(options.startupTimeout());
        List<BrokerProcess> restarting = java.util.Arrays.stream(nodeIds).mapToObj(this::node)
                .collect(Collectors.toList());
        for (BrokerProcess node : restarting) {
            if (node.isAlive()) {
                throw new IllegalStateException("Local Kafka node " + node.address().nodeId() + " is running");
            }
        }
        // All started before any is awaited: after a full outage no node can finish starting without a quorum.
        for (BrokerProcess node : restarting) {
            node.start();
            down.remove(node.address().nodeId());
        }
        for (BrokerProcess node : restarting) {
            awaitCondition(deadline, node::acceptsConnections,
                    "the listener of node " + node.address().nodeId() + " on port " + node.address().brokerPort());
        }
        awaitCondition(deadline, () -> clusterAnswers(clusterId), "describeCluster to list all brokers");
        awaitCondition(deadline, this::allReplicasInSync, "every partition's replicas to be in sync");
        LOG.info("Local Kafka nodes {} restarted", java.util.Arrays.toString(nodeIds));
    }

    /**
     * Stops the brokers (gracefully within the shutdown timeout, then by force), waits until their processes are
     * gone and deletes the data directory. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException jvmShuttingDown) {
                // The hook is running or about to; this call does its work and the hook then finds it done.
            }
        }
        try {
            closeAdmin();
            stopNodes(Instant.now().plus(options.shutdownTimeout()));
        } finally {
            deleteRecursively(dataDir);
        }
    }

    /** The broker processes, for tests that check nothing is left behind. */
    List<ProcessHandle> brokerProcesses() {
        return nodes.stream().map(BrokerProcess::handle).collect(Collectors.toList());
    }

    /** Closes each broker's watchdog pipe, which is exactly what the death of this JVM does to them. */
    void closeWatchdogPipes() {
        nodes.forEach(BrokerProcess::closeWatchdogPipe);
    }

    private void boot(Path libDir) {
        long startNanos = System.nanoTime();
        Instant deadline = Instant.now().plus(options.startupTimeout());
        BrokerCommand command = BrokerCommand.install(libDir, dataDir.resolve("launcher"), options.brokerHeap());
        for (int attempt = 1; ; attempt++) {
            int perNode = 2 + options.secureListeners().size();
            int[] ports = FreePorts.pick(perNode * options.brokers());
            for (int i = 0; i < options.brokers(); i++) {
                List<Integer> securePorts = new ArrayList<>();
                for (int j = 2; j < perNode; j++) {
                    securePorts.add(ports[perNode * i + j]);
                }
                BrokerConfig.NodeAddress address = new BrokerConfig.NodeAddress(i + 1, ports[perNode * i],
                        ports[perNode * i + 1], securePorts);
                nodes.add(new BrokerProcess(command, address, dataDir.resolve("node-" + address.nodeId()),
                        options.secureListeners(), options.aclAuthorizer()));
            }
            clusterId = Uuid.randomUuid().toString();
            try {
                launch(clusterId, deadline);
                awaitReady(clusterId, deadline);
                break;
            } catch (NodeDiedException e) {
                boolean portTaken = nodes.stream().anyMatch(BrokerProcess::lostPortRace);
                if (!portTaken || attempt >= START_ATTEMPTS) {
                    throw new IllegalStateException("The local Kafka cluster failed to start. " + e.getMessage(), e);
                }
                LOG.info("A port picked for the local Kafka broker was taken meanwhile; starting again on new ports");
                closeAdmin();
                stopNodes(Instant.now());
                nodes.forEach(node -> deleteRecursively(dataDir.resolve("node-" + node.address().nodeId())));
                nodes.clear();
            }
        }
        startupTime = Duration.ofNanos(System.nanoTime() - startNanos);
        LOG.info("Local Kafka with {} broker(s) ready at {} in {} ms; storage and logs in {}",
                nodes.size(), bootstrapServers, startupTime.toMillis(), dataDir);
    }

    private void launch(String clusterId, Instant deadline) {
        List<BrokerConfig.NodeAddress> cluster = nodes.stream().map(BrokerProcess::address)
                .collect(Collectors.toList());
        List<Process> formatting = new ArrayList<>();
        try {
            for (BrokerProcess node : nodes) {
                formatting.add(node.startFormatting(cluster, clusterId));
            }
            for (int i = 0; i < nodes.size(); i++) {
                nodes.get(i).awaitFormatted(formatting.get(i), deadline);
            }
        } finally {
            formatting.forEach(Process::destroyForcibly);
        }
        for (BrokerProcess node : nodes) {
            requireOpen();
            node.start();
        }
    }

    private void awaitReady(String clusterId, Instant deadline) {
        // The broker listener opens only at the end of start-up. Waiting for it with plain sockets first spares
        // the console a warning per reconnect from an Admin client retrying against a closed port.
        for (BrokerProcess node : nodes) {
            awaitCondition(deadline, node::acceptsConnections,
                    "the listener of node " + node.address().nodeId() + " on port " + node.address().brokerPort());
        }
        bootstrapServers = nodes.stream().map(node -> node.address().bootstrapAddress())
                .collect(Collectors.joining(","));
        admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "breachwatch-local-kafka"));
        awaitCondition(deadline, () -> clusterAnswers(clusterId), "describeCluster to list all brokers");
    }

    /** True when our cluster (not some other process that took a port) answers with all its brokers. */
    private boolean clusterAnswers(String clusterId) {
        try {
            DescribeClusterResult cluster = admin.describeCluster(
                    new DescribeClusterOptions().timeoutMs(PROBE_TIMEOUT_MS));
            long waitMs = PROBE_TIMEOUT_MS + 1_000L;
            Collection<Node> brokers = cluster.nodes().get(waitMs, TimeUnit.MILLISECONDS);
            String answeringId = cluster.clusterId().get(waitMs, TimeUnit.MILLISECONDS);
            return clusterId.equals(answeringId) && brokers.size() == nodes.size();
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the local Kafka cluster", e);
        }
    }

    private boolean allReplicasInSync() {
        try {
            Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(true)
                    .timeoutMs(PROBE_TIMEOUT_MS)).names().get(PROBE_TIMEOUT_MS + 1_000L, TimeUnit.MILLISECONDS);
            return admin.describeTopics(topics).allTopicNames().get(PROBE_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                    .values().stream()
                    .flatMap(description -> description.partitions().stream())
                    .allMatch(p -> p.leader() != null && !p.leader().isEmpty()
                            && p.isr().size() == p.replicas().size());
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for replicas to catch up", e);
        }
    }

    private Map<String, TopicDescription> describe(Set<String> topics) {
        try {
            return admin.describeTopics(topics).allTopicNames().get(ADMIN_CALL_TIMEOUT.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot describe topics " + topics + " on the local Kafka cluster", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while describing topics " + topics, e);
        }
    }

    private BrokerProcess node(int nodeId) {
        return nodes.stream().filter(node -> node.address().nodeId() == nodeId).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No node " + nodeId + " in this cluster; nodes: "
                        + nodeIds()));
    }

    /**
     * Whether every partition of {@code topics} has a leader that serves it. The metadata names a leader before that
     * broker has opened the partition's log; a producer arriving in between gets NOT_LEADER_OR_FOLLOWER, and an
     * idempotent one has been seen to retry the following batches with OUT_OF_ORDER_SEQUENCE_NUMBER until their
     * delivery timeout (SimulateCommandIT, once). Listing the partitions' end offsets is answered by the leaders
     * themselves, so it succeeds only once they serve the partitions.
     */
    private boolean allPartitionsLed(Set<String> topics) {
        try {
            Map<String, TopicDescription> descriptions = admin.describeTopics(topics).allTopicNames()
                    .get(PROBE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            boolean led = descriptions.values().stream()
                    .flatMap(description -> description.partitions().stream())
                    .map(TopicPartitionInfo::leader)
                    .allMatch(leader -> leader != null && !leader.isEmpty());
            if (!led) {
                return false;
            }
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            descriptions.values().forEach(description -> description.partitions().forEach(partition ->
                    ends.put(new TopicPartition(description.name(), partition.partition()), OffsetSpec.latest())));
            admin.listOffsets(ends).all().get(PROBE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for topic leaders", e);
        }
    }

    /**
     * Polls {@code condition} until it holds; fails at once if a broker died (other than one {@linkplain #kill
     * killed on purpose}), and at the deadline otherwise.
     */
    private void awaitCondition(Instant deadline, BooleanSupplier condition, String what) {
        while (true) {
            for (BrokerProcess node : nodes) {
                if (!node.isAlive() && !down.contains(node.address().nodeId())) {
                    throw new NodeDiedException("A local Kafka broker exited unexpectedly. " + node.diagnostics());
                }
            }
            if (condition.getAsBoolean()) {
                return;
            }
            if (!Instant.now().isBefore(deadline)) {
                throw new IllegalStateException("Local Kafka: gave up waiting for " + what + ".\n"
                        + nodes.stream().map(BrokerProcess::diagnostics).collect(Collectors.joining("\n")));
            }
            try {
                Thread.sleep(Math.max(1, Math.min(POLL_INTERVAL.toMillis(),
                        Duration.between(Instant.now(), deadline).toMillis())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + what, e);
            }
        }
    }

    private void closeAdmin() {
        Admin current = admin;
        admin = null;
        if (current != null) {
            current.close(Duration.ofSeconds(5));
        }
    }

    private void stopNodes(Instant gracefulDeadline) {
        nodes.forEach(BrokerProcess::requestStop);
        try {
            for (BrokerProcess node : nodes) {
                if (!node.awaitStopped(gracefulDeadline)) {
                    LOG.warn("Local Kafka node {} did not stop within {} ms and was killed",
                            node.address().nodeId(), options.shutdownTimeout().toMillis());
                }
            }
        } catch (InterruptedException e) {
            // No time left to be graceful: SIGKILL, and close the pipes so the watchdogs halt them as well.
            nodes.forEach(BrokerProcess::kill);
            Thread.currentThread().interrupt();
        }
    }

    private void requireOpen() {
        if (closed.get()) {
            throw new IllegalStateException("This LocalKafka is closed");
        }
    }

    private static Path createDataDir(Path parent) {
        try {
            if (parent == null) {
                return Files.createTempDirectory("breachwatch-kafka-");
            }
            Files.createDirectories(parent);
            return Files.createTempDirectory(parent, "breachwatch-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a data directory for the local Kafka cluster", e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Could not delete the local Kafka data directory {}: {}", dir, e.toString());
        }
    }

    /** A broker process exited while it should have been running. */
    private static final class NodeDiedException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        NodeDiedException(String diagnostics) {
            super(diagnostics);
        }
    }
}
