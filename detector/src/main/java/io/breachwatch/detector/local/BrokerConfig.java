package io.breachwatch.detector.local;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders the {@code server.properties} and the log4j2 configuration of one node of a local KRaft cluster in which
 * every node is both broker and controller, listening on 127.0.0.1 only.
 *
 * <p>The settings are those a development cluster needs to behave like production for exactly-once work: internal
 * topics (consumer offsets, transaction state, share-group state) get a replication factor the cluster can satisfy,
 * otherwise consumer groups and transactions fail on a single node; topics are never auto-created, so a missing topic
 * fails loudly instead of appearing with the wrong partition count; and the group rebalance delay is zero so that a
 * Streams application starts without a 3 s pause.
 */
final class BrokerConfig {

    static final String LOOPBACK = "127.0.0.1";

    /**
     * Kafka's default is 50 partitions; the first transactional producer creates them all. A handful is plenty for a
     * local broker and makes the first exactly-once run noticeably faster.
     */
    static final int INTERNAL_TOPIC_PARTITIONS = 4;

    /** Where one node listens. Every node needs every node's controller port to know the quorum. */
    record NodeAddress(int nodeId, int brokerPort, int controllerPort) {

        String bootstrapAddress() {
            return LOOPBACK + ":" + brokerPort;
        }
    }

    private BrokerConfig() {
    }

    static String serverProperties(NodeAddress self, List<NodeAddress> cluster, Path logDir) {
        int replication = Math.min(3, cluster.size());
        // With three replicas, two in sync keeps acks=all writes available while one broker is down.
        int minInSync = replication >= 3 ? 2 : 1;
        String voters = cluster.stream()
                .map(node -> node.nodeId() + "@" + LOOPBACK + ":" + node.controllerPort())
                .collect(Collectors.joining(","));
        return String.join("\n",
                "# Written by breachwatch LocalKafka for one run of a local broker; deleted when it stops.",
                "process.roles=broker,controller",
                "node.id=" + self.nodeId(),
                "controller.quorum.voters=" + voters,
                "listeners=PLAINTEXT://" + LOOPBACK + ":" + self.brokerPort()
                        + ",CONTROLLER://" + LOOPBACK + ":" + self.controllerPort(),
                "advertised.listeners=PLAINTEXT://" + LOOPBACK + ":" + self.brokerPort(),
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + escape(logDir.toAbsolutePath().toString()),
                "num.partitions=1",
                "auto.create.topics.enable=false",
                "default.replication.factor=" + replication,
                "min.insync.replicas=" + minInSync,
                "offsets.topic.replication.factor=" + replication,
                "offsets.topic.num.partitions=" + INTERNAL_TOPIC_PARTITIONS,
                "transaction.state.log.replication.factor=" + replication,
                "transaction.state.log.min.isr=" + minInSync,
                "transaction.state.log.num.partitions=" + INTERNAL_TOPIC_PARTITIONS,
                "share.coordinator.state.topic.replication.factor=" + replication,
                "share.coordinator.state.topic.min.isr=" + minInSync,
                "group.initial.rebalance.delay.ms=0",
                // Time retention is enforced every 5 s instead of every 5 minutes, so that anything written with an
                // old timestamp to a time-retained topic (historical events, their alerts) vanishes during a test,
                // as it would on a production cluster hours later, instead of passing unnoticed.
                "log.retention.check.interval.ms=5000",
                "");
    }

    /** Sends everything the broker logs at INFO and above to one file, and nothing to the console. */
    static String log4j2Properties(Path logFile) {
        return String.join("\n",
                "status = warn",
                "name = breachwatch-local-broker",
                "appender.file.type = File",
                "appender.file.name = BROKER_LOG",
                "appender.file.fileName = " + escape(logFile.toAbsolutePath().toString()),
                "appender.file.layout.type = PatternLayout",
                "appender.file.layout.pattern = [%d] %p %m (%c)%n",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.file.ref = BROKER_LOG",
                "");
    }

    /** Both files are read with java.util.Properties, where a backslash (a Windows path separator) escapes. */
    private static String escape(String value) {
        return value.replace("\\", "\\\\");
    }
}
