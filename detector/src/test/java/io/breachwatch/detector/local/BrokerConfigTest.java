package io.breachwatch.detector.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The settings without which a local KRaft node would not serve consumer groups and transactions. */
class BrokerConfigTest {

    private static final BrokerConfig.NodeAddress NODE_1 = new BrokerConfig.NodeAddress(1, 40001, 40002);
    private static final BrokerConfig.NodeAddress NODE_2 = new BrokerConfig.NodeAddress(2, 40003, 40004);
    private static final BrokerConfig.NodeAddress NODE_3 = new BrokerConfig.NodeAddress(3, 40005, 40006);

    @Test
    void singleNodeIsBrokerAndControllerOnLoopbackWithInternalTopicsItCanReplicate() throws IOException {
        Properties props = parse(BrokerConfig.serverProperties(NODE_1, List.of(NODE_1), Path.of("/tmp/x/data")));

        assertThat(props).containsEntry("process.roles", "broker,controller")
                .containsEntry("node.id", "1")
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:40002")
                .containsEntry("listeners", "PLAINTEXT://127.0.0.1:40001,CONTROLLER://127.0.0.1:40002")
                .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:40001")
                .containsEntry("controller.listener.names", "CONTROLLER")
                .containsEntry("inter.broker.listener.name", "PLAINTEXT")
                .containsEntry("log.dirs", Path.of("/tmp/x/data").toAbsolutePath().toString())
                .containsEntry("auto.create.topics.enable", "false")
                .containsEntry("num.partitions", "1")
                .containsEntry("group.initial.rebalance.delay.ms", "0")
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("transaction.state.log.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("transaction.state.log.num.partitions", "4")
                .containsEntry("share.coordinator.state.topic.replication.factor", "1")
                .containsEntry("share.coordinator.state.topic.min.isr", "1")
                .doesNotContainKey("authorizer.class.name");
    }

    @Test
    void secureListenersTakeSaslSslWithTheirOwnCertificateWhileBrokersTalkPlaintext() throws IOException {
        BrokerConfig.NodeAddress node = new BrokerConfig.NodeAddress(1, 40001, 40002, List.of(40003, 40004));
        List<SecureListener> secure = List.of(new SecureListener("SASL_SSL", Path.of("/tmp/x/good.p12"), "pw-good"),
                new SecureListener("WRONG_HOST", Path.of("/tmp/x/other.p12"), "pw-other"));

        Properties props = parse(BrokerConfig.serverProperties(node, List.of(node), Path.of("/tmp/x/data"), secure,
                true));

        assertThat(props).containsEntry("listeners", "PLAINTEXT://127.0.0.1:40001,CONTROLLER://127.0.0.1:40002,"
                        + "SASL_SSL://127.0.0.1:40003,WRONG_HOST://127.0.0.1:40004")
                .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:40001,SASL_SSL://127.0.0.1:40003,"
                        + "WRONG_HOST://127.0.0.1:40004")
                .containsEntry("listener.security.protocol.map",
                        "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL,WRONG_HOST:SASL_SSL")
                .containsEntry("inter.broker.listener.name", "PLAINTEXT")
                .containsEntry("controller.listener.names", "CONTROLLER")
                .containsEntry("listener.name.sasl_ssl.ssl.keystore.location",
                        Path.of("/tmp/x/good.p12").toAbsolutePath().toString())
                .containsEntry("listener.name.sasl_ssl.ssl.keystore.password", "pw-good")
                .containsEntry("listener.name.sasl_ssl.ssl.key.password", "pw-good")
                .containsEntry("listener.name.sasl_ssl.ssl.keystore.type", "PKCS12")
                .containsEntry("listener.name.wrong_host.ssl.keystore.location",
                        Path.of("/tmp/x/other.p12").toAbsolutePath().toString())
                .containsEntry("listener.name.wrong_host.ssl.keystore.password", "pw-other")
                .containsEntry("listener.name.sasl_ssl.sasl.enabled.mechanisms", "SCRAM-SHA-512")
                .containsEntry("listener.name.wrong_host.scram-sha-512.sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required;")
                .containsEntry("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                .containsEntry("super.users", "User:ANONYMOUS");
    }

    @Test
    void aSecureListenerNeverShowsItsPassword() {
        assertThat(new SecureListener("SASL_SSL", Path.of("/tmp/x/good.p12"), "pw-good").toString())
                .doesNotContain("pw-good").contains("SASL_SSL");
    }

    @Test
    void threeNodesFormOneQuorumAndReplicateThreeWaysTwoInSync() throws IOException {
        List<BrokerConfig.NodeAddress> cluster = List.of(NODE_1, NODE_2, NODE_3);

        Properties props = parse(BrokerConfig.serverProperties(NODE_2, cluster, Path.of("/tmp/x/data")));

        assertThat(props).containsEntry("node.id", "2")
                .containsEntry("controller.quorum.voters",
                        "1@127.0.0.1:40002,2@127.0.0.1:40004,3@127.0.0.1:40006")
                .containsEntry("listeners", "PLAINTEXT://127.0.0.1:40003,CONTROLLER://127.0.0.1:40004")
                .containsEntry("default.replication.factor", "3")
                .containsEntry("min.insync.replicas", "2")
                .containsEntry("transaction.state.log.replication.factor", "3")
                .containsEntry("transaction.state.log.min.isr", "2");
    }

    @Test
    void brokerLogsGoToTheFileOnly() throws IOException {
        Properties props = parse(BrokerConfig.log4j2Properties(Path.of("/tmp/x/broker.log")));

        assertThat(props).containsEntry("appender.file.fileName",
                        Path.of("/tmp/x/broker.log").toAbsolutePath().toString())
                .containsEntry("rootLogger.level", "INFO")
                .containsEntry("rootLogger.appenderRef.file.ref", "BROKER_LOG")
                .doesNotContainValue("Console");
    }

    private static Properties parse(String text) throws IOException {
        Properties props = new Properties();
        props.load(new StringReader(text));
        return props;
    }
}
