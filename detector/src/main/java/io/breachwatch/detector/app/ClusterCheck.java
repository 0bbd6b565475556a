package io.breachwatch.detector.app;

import io.breachwatch.detector.config.DetectorConfig;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Checks, before the detector starts, that the configured Kafka cluster answers, accepts our TLS and SASL
 * credentials and lets us see every topic we read and write, and fails within a bounded time with a message that
 * names the cause and the setting to look at.
 *
 * <p>Why: Kafka clients treat an unreachable broker as transient and retry forever, and Kafka Streams reports an
 * authentication or TLS failure only as a stream thread dying with a low-level exception; an operator who mistyped a
 * password should read "Kafka rejected the SASL credentials", at once, with a non-zero exit. The check runs with the
 * detector's own client settings (config providers included), so what it proves is what the detector will use.
 */
public final class ClusterCheck {
    /** Long enough for a TLS handshake to a slow cluster, short enough that a supervisor sees the failure soon. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private ClusterCheck() {
    }

    /** The reason the detector cannot use the cluster, phrased for an operator; never carries a secret. */
    public static final class ClusterUnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ClusterUnavailableException(String message) {
            super(message);
        }
    }

    /**
     * Connects with the detector's client settings and describes the cluster and the detector's topics.
     *
     * @throws ClusterUnavailableException if that fails or takes longer than {@code timeout}
     */
    public static void verify(DetectorConfig config, Duration timeout) {
        String where = "Kafka at " + config.bootstrapServers();
        Map<String, Object> props = new TreeMap<>(config.clientProperties());
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, config.applicationId() + "-startup-check");
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        Admin admin;
        try {
            admin = Admin.create(props);
        } catch (KafkaException e) {
            // Missing truststore, unreadable secret file, unknown config provider, malformed JAAS line (a
            // ConfigException, which is a KafkaException too)...
            throw new ClusterUnavailableException("cannot set up a client for " + where + ": " + rootMessage(e));
        }
        try (admin) {
            Collection<?> brokers = admin.describeCluster(new DescribeClusterOptions().timeoutMs(millis)).nodes()
                    .get(millis + 1_000L, TimeUnit.MILLISECONDS);
            if (brokers.isEmpty()) {
                throw new ClusterUnavailableException(where + " answered with no brokers");
            }
            List<String> topics = config.topics().all();
            try {
                admin.describeTopics(topics, new DescribeTopicsOptions().timeoutMs(millis)).allTopicNames()
                        .get(millis + 1_000L, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    throw new ClusterUnavailableException("a topic breachwatch uses does not exist on " + where
                            + ": create " + topics + " first (docs/operations.md, topics to create): "
                            + e.getCause().getMessage());
                }
                throw e;
            }
        } catch (ExecutionException e) {
            throw new ClusterUnavailableException(explain(e.getCause(), where, config));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new ClusterUnavailableException(timedOut(where, timeout));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterUnavailableException("interrupted while connecting to " + where);
        } catch (KafkaException e) {
            throw new ClusterUnavailableException(explain(e, where, config));
        }
    }

    private static String explain(Throwable cause, String where, DetectorConfig config) {
        String mechanism = config.kafka().getOrDefault("sasl.mechanism", "GSSAPI");
        if (cause instanceof SaslAuthenticationException) {
            return where + " rejected the SASL credentials (" + mechanism + "): " + cause.getMessage()
                    + ". Check sasl.jaas.config (user name and password) and sasl.mechanism.";
        }
        if (cause instanceof SslAuthenticationException) {
            return "the TLS handshake with " + where + " failed: " + rootMessage(cause) + ". Check"
                    + " ssl.truststore.* (the CA that signed the broker certificate) and that the certificate names"
                    + " the host in bootstrap.servers (ssl.endpoint.identification.algorithm=https checks it).";
        }
        if (cause instanceof AuthenticationException) {
            return where + " refused to authenticate us: " + rootMessage(cause);
        }
        if (cause instanceof AuthorizationException) {
            return where + " does not authorize this principal: " + cause.getMessage()
                    + ". See docs/security.md for the ACLs the detector needs.";
        }
        if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
            return timedOut(where, null);
        }
        return "cannot use " + where + ": " + rootMessage(cause);
    }

    private static String timedOut(String where, Duration timeout) {
        return "no broker of " + where + " answered" + (timeout == null ? "" : " within " + timeout.toSeconds() + " s")
                + ". Check bootstrap.servers, that the cluster runs and is reachable, and that security.protocol"
                + " matches the listener (a TLS listener does not answer a PLAINTEXT client).";
    }

    /** The innermost message: Kafka wraps the informative one (e.g. the certificate's names) several levels deep. */
    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.replaceAll("[\\p{Cntrl}&&[^\t]]", " ").trim();
    }
}
