package io.breachwatch.detector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breachwatch.detector.app.ClusterCheck;
import io.breachwatch.detector.cli.BreachwatchCli;
import io.breachwatch.detector.config.DetectorConfig;
import io.breachwatch.detector.local.LocalKafka;
import io.breachwatch.detector.local.SecureListener;
import io.breachwatch.schema.Alert;
import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.AuthOutcome;
import io.breachwatch.schema.json.EventJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 7, item 8: the detector against a broker that takes only TLS and SASL/SCRAM-SHA-512 from clients (the
 * local broker with two {@code SASL_SSL} listeners on 127.0.0.1: one with a certificate for 127.0.0.1, one with a
 * certificate for another host name; controller and inter-broker traffic stay PLAINTEXT on loopback, where the test
 * also creates topics and reads alerts).
 *
 * <p>The broker runs Kafka's ACL authorizer: the detector's principal gets the ACLs docs/security.md lists, a second
 * authenticated principal none, and PLAINTEXT clients (the test itself) are super users.
 *
 * <p>Each case runs {@code breachwatch run} as its own process, as an operator would, with its logs at INFO (Kafka's
 * configuration dumps) and DEBUG for Kafka's security, network and config packages going to a file. Secrets are
 * random per run, so finding one anywhere is a leak, never a coincidence.
 */
@Tag("broker")
@Timeout(150)
class TransportSecurityIT {
    private static final String USER = "breachwatch-detector";
    /** A second principal the broker authenticates, with no ACL: it must not read alerts (personal data). */
    private static final String OTHER_USER = "analyst";
    private static final Pattern METRICS_URL = Pattern.compile("Metrics at (http://127\\.0\\.0\\.1:\\d+)/metrics");

    private static Path dir;
    private static TestPki pki;
    private static LocalKafka kafka;
    private static String password;
    private static String otherPassword;

    @BeforeAll
    static void startSecureBroker() throws Exception {
        dir = Files.createTempDirectory("bw-tls-it");
        long started = System.nanoTime();
        pki = TestPki.create(dir);
        SecureListener good = pki.listener("SASL_SSL", "IP:127.0.0.1", "DNS:localhost");
        SecureListener misnamed = pki.listener("WRONG_HOST", "DNS:kafka.elsewhere.invalid");
        long pkiMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        kafka = LocalKafka.start(LocalKafka.Options.defaults().withSecureListener(good).withSecureListener(misnamed)
                .withAclAuthorizer());
        password = secret("scram-");
        otherPassword = secret("other-");
        ScramCredentialInfo scram = new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192);
        kafka.admin().alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(USER, scram, password),
                new UserScramCredentialUpsertion(OTHER_USER, scram, otherPassword))).all().get(30, TimeUnit.SECONDS);
        BrokerFixture.await("the SCRAM credentials to reach the broker", Duration.ofSeconds(30), () -> {
            try {
                return kafka.admin().describeUserScramCredentials(List.of(USER, OTHER_USER)).all().get().size() == 2;
            } catch (Exception e) {
                return false;
            }
        });
        System.out.printf("Transport security: test CA and 2 broker certificates with keytool in %d ms; broker with"
                + " SASL_SSL listeners up in %d ms%n", pkiMillis, kafka.startupTime().toMillis());
    }

    @AfterAll
    static void stopBroker() throws IOException {
        if (kafka != null) {
            kafka.close();
        }
        if (dir != null) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void detectsABruteForceOverSaslSslWithSecretsFromAFileAndTheEnvironment() throws Exception {
        DetectorConfig topics = BrokerFixture.isolatedConfig(kafka, "tls");
        // The broker authorizes: the detector's principal gets exactly the ACLs docs/security.md lists
        grantDetectorAcls(topics);
        // Given the JAAS line in a secrets file and the truststore password in the environment, both referenced
        // through Kafka config providers: neither secret is in the configuration file
        Path secrets = dir.resolve("kafka-secrets.properties");
        Files.writeString(secrets, "jaas=" + jaas(password).replace("\\", "\\\\") + "\n");
        Map<String, String> settings = baseSettings(topics, kafka.bootstrapServers("SASL_SSL"));
        settings.put("config.providers", "file,env");
        settings.put("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
        settings.put("config.providers.env.class", "org.apache.kafka.common.config.provider.EnvVarConfigProvider");
        settings.put("sasl.jaas.config", "${file:" + secrets.toAbsolutePath() + ":jaas}");
        settings.put("ssl.truststore.password", "${env:BW_IT_TRUSTSTORE_PASSWORD}");
        settings.put(DetectorConfig.METRICS_ADDRESS, "127.0.0.1:0");
        Path config = writeProperties("secure.properties", settings);
        assertThat(Files.readString(config)).doesNotContain(password).doesNotContain(pki.password());

        long started = System.nanoTime();
        try (Detector detector = Detector.start(dir, "good", Map.of("BW_IT_TRUSTSTORE_PASSWORD", pki.password()),
                "run", "--config", config.toString())) {
            detector.awaitLog("the detector to reach RUNNING over SASL_SSL", "-> RUNNING", Duration.ofSeconds(60));
            long runningMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

            // When a brute force arrives (produced over PLAINTEXT by the test, as any producer would): 10 failures
            // against root from one address, which is also 10 against one account
            Instant t0 = Instant.now().minusSeconds(60);
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                    Map.of("bootstrap.servers", kafka.bootstrapServers()), new StringSerializer(),
                    new ByteArraySerializer())) {
                for (int i = 0; i < 10; i++) {
                    producer.send(new ProducerRecord<>(topics.topics().authEvents(), "203.0.113.7",
                            EventJson.strict().write(new AuthEvent("tls-" + i, t0.plusSeconds(i), "root",
                                    "203.0.113.7", AuthOutcome.FAILURE, "password", null, "sshd", null))));
                }
            }

            // Then the detector, talking only SASL_SSL, raises it
            List<Alert> alerts = new ArrayList<>();
            BrokerFixture.await("the brute-force alerts", Duration.ofSeconds(60), () -> {
                alerts.clear();
                alerts.addAll(BrokerFixture.readCommitted(topics.topics().alerts(), topics, Alert.class));
                return alerts.size() >= 2;
            });
            assertThat(alerts).extracting(a -> a.ruleId() + " " + a.entity()).containsExactlyInAnyOrder(
                    "auth.brute_force.source source_ip=203.0.113.7", "auth.brute_force.account user=root");
            long alertMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

            // And another authenticated principal, without an ACL, may not read those alerts
            assertThat(readAs(OTHER_USER, otherPassword, topics.topics().alerts()))
                    .isInstanceOf(TopicAuthorizationException.class)
                    .hasMessageContaining(topics.topics().alerts());

            // And neither the metrics it serves nor its logs hold a secret
            String metrics = scrape(detector);
            assertThat(metrics).contains("breachwatch_alerts_total{rule=\"auth.brute_force.source\"");
            assertNoSecret("metrics", metrics);
            detector.stop();
            String log = detector.output();
            assertNoSecret("log", log);
            // Not vacuous: Kafka's configuration dumps and breachwatch's own are in the log, masked
            assertThat(log).contains("sasl.jaas.config = [hidden]", "ssl.truststore.password = [hidden]",
                    "sasl.jaas.config=[hidden]", "ssl.truststore.password=[hidden]");
            System.out.printf("Transport security: detector RUNNING over SASL_SSL in %d ms, brute-force alert read"
                    + " %d ms after start; %,d log lines and %,d metric lines hold no secret%n", runningMillis,
                    alertMillis, log.lines().count(), metrics.lines().count());
            System.out.printf("RELIABILITY transport: case=sasl_ssl_scram_sha_512 secrets=file+env running_ms=%d"
                    + " alert_ms=%d alerts=%d other_principal_read_alerts=denied log_lines=%d metric_lines=%d"
                    + " secrets_found=0%n", runningMillis, alertMillis, alerts.size(), log.lines().count(),
                    metrics.lines().count());
        }
    }

    @Test
    void aWrongPasswordFailsFastWithAClearMessage() throws Exception {
        DetectorConfig topics = BrokerFixture.isolatedConfig(kafka, "badpw");
        String wrong = secret("wrong-");
        // Everything from KAFKA_* variables this time, as in a container
        Map<String, String> env = new LinkedHashMap<>(kafkaEnvironment(kafka.bootstrapServers("SASL_SSL")));
        env.put("KAFKA_SASL_JAAS_CONFIG", jaas(wrong));

        Outcome outcome = runToExit("badpw", env, topics);

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.seconds()).isLessThan(20);
        assertThat(outcome.output()).contains("breachwatch: Kafka at " + kafka.bootstrapServers("SASL_SSL")
                + " rejected the SASL credentials (SCRAM-SHA-512): Authentication failed during authentication due"
                + " to invalid credentials with SASL mechanism SCRAM-SHA-512. Check sasl.jaas.config");
        assertThat(outcome.output()).doesNotContain(wrong).doesNotContain(password).doesNotContain(pki.password());
        System.out.printf("RELIABILITY transport: case=wrong_password exit=%d seconds=%.1f secrets_found=0%n",
                outcome.exitCode(), outcome.seconds());
    }

    @Test
    void aCertificateForAnotherHostNameFailsFastWithAClearMessage() throws Exception {
        DetectorConfig topics = BrokerFixture.isolatedConfig(kafka, "badhost");
        Map<String, String> env = new LinkedHashMap<>(kafkaEnvironment(kafka.bootstrapServers("WRONG_HOST")));
        env.put("KAFKA_SASL_JAAS_CONFIG", jaas(password));

        Outcome outcome = runToExit("badhost", env, topics);

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.seconds()).isLessThan(20);
        assertThat(outcome.output()).contains("breachwatch: the TLS handshake with Kafka at "
                + kafka.bootstrapServers("WRONG_HOST") + " failed: No subject alternative names matching IP address"
                + " 127.0.0.1 found. Check ssl.truststore.*");
        assertThat(outcome.output()).doesNotContain(password).doesNotContain(pki.password());
        System.out.printf("RELIABILITY transport: case=wrong_host_name exit=%d seconds=%.1f secrets_found=0%n",
                outcome.exitCode(), outcome.seconds());
    }

    @Test
    void theStartupCheckNamesAMissingAclAndAMissingTopic() throws Exception {
        DetectorConfig topics = BrokerFixture.isolatedConfig(kafka, "noacl");
        // A principal the broker authenticates but no ACL lets see anything
        DetectorConfig unauthorized = withSecurity(topics, kafka.bootstrapServers("SASL_SSL"), password);
        assertThatThrownBy(() -> ClusterCheck.verify(unauthorized, Duration.ofSeconds(20)))
                .isInstanceOf(ClusterCheck.ClusterUnavailableException.class)
                .hasMessageStartingWith("Kafka at " + kafka.bootstrapServers("SASL_SSL")
                        + " does not authorize this principal: ")
                .hasMessageContaining("See docs/security.md")
                .hasMessageNotContaining(password);

        // A topic that was never created (the PLAINTEXT listener's principal may see everything)
        DetectorConfig missing = topics.withTopics(new io.breachwatch.schema.Topics(topics.topics().authEvents(),
                topics.topics().apiEvents(), topics.topics().netEvents(), "never-created-alerts",
                topics.topics().incidents(), topics.topics().deadLetters()));
        assertThatThrownBy(() -> ClusterCheck.verify(missing, Duration.ofSeconds(20)))
                .isInstanceOf(ClusterCheck.ClusterUnavailableException.class)
                .hasMessageStartingWith("a topic breachwatch uses does not exist on Kafka at "
                        + kafka.bootstrapServers() + ": create ");
    }

    @Test
    void theStartupCheckPassesWithTheDetectorsAclsAndTheJaasLineFromASecretsDirectory() throws Exception {
        DetectorConfig topics = BrokerFixture.isolatedConfig(kafka, "dir");
        grantDetectorAcls(topics);
        // Given the JAAS line as a file in a directory, as a Kubernetes Secret volume mounts it, read through
        // DirectoryConfigProvider
        Path secrets = Files.createDirectory(dir.resolve("secret-volume"));
        Files.writeString(secrets.resolve("sasl-jaas-config"), jaas(password));
        DetectorConfig fromDirectory = withSecurity(topics, kafka.bootstrapServers("SASL_SSL"), password)
                .withKafka("config.providers", "dir")
                .withKafka("config.providers.dir.class",
                        "org.apache.kafka.common.config.provider.DirectoryConfigProvider")
                .withKafka("sasl.jaas.config", "${dir:" + secrets.toAbsolutePath() + ":sasl-jaas-config}");
        assertThat(fromDirectory.describe()).containsEntry("sasl.jaas.config", "[hidden]");

        long started = System.nanoTime();
        ClusterCheck.verify(fromDirectory, Duration.ofSeconds(20));
        System.out.printf("RELIABILITY transport: case=startup_check_secret_from_directory outcome=passed"
                + " seconds=%.1f%n", (System.nanoTime() - started) / 1e9);
    }

    private record Outcome(int exitCode, double seconds, String output) {
    }

    private static DetectorConfig withSecurity(DetectorConfig config, String bootstrap, String secret) {
        return config.withKafka("bootstrap.servers", bootstrap).withKafka("security.protocol", "SASL_SSL")
                .withKafka("sasl.mechanism", SecureListener.MECHANISM).withKafka("sasl.jaas.config", jaas(secret))
                .withKafka("ssl.truststore.location", pki.truststore().toString())
                .withKafka("ssl.truststore.type", "PKCS12").withKafka("ssl.truststore.password", pki.password());
    }

    /** The ACLs of docs/security.md, "ACLs per principal", for the application id and topics of {@code config}. */
    private static void grantDetectorAcls(DetectorConfig config) throws Exception {
        String appId = config.applicationId();
        List<AclBinding> acls = new ArrayList<>();
        for (String input : List.of(config.topics().authEvents(), config.topics().apiEvents(),
                config.topics().netEvents())) {
            acls.add(allow(ResourceType.TOPIC, input, PatternType.LITERAL, AclOperation.READ));
        }
        for (String output : List.of(config.topics().alerts(), config.topics().incidents(),
                config.topics().deadLetters())) {
            acls.add(allow(ResourceType.TOPIC, output, PatternType.LITERAL, AclOperation.WRITE));
        }
        acls.add(allow(ResourceType.GROUP, appId, PatternType.LITERAL, AclOperation.READ));
        acls.add(allow(ResourceType.TOPIC, appId + "-", PatternType.PREFIXED, AclOperation.ALL));
        acls.add(allow(ResourceType.TRANSACTIONAL_ID, appId + "-", PatternType.PREFIXED, AclOperation.WRITE));
        kafka.admin().createAcls(acls).all().get(30, TimeUnit.SECONDS);
        BrokerFixture.await("the ACLs to reach the broker", Duration.ofSeconds(30), () -> {
            try {
                return kafka.admin().describeAcls(new AclBindingFilter(ResourcePatternFilter.ANY,
                        new AccessControlEntryFilter("User:" + USER, null, AclOperation.ANY,
                                AclPermissionType.ANY))).values().get().containsAll(acls);
            } catch (Exception e) {
                return false;
            }
        });
    }

    private static AclBinding allow(ResourceType type, String name, PatternType pattern, AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry("User:" + USER, "*", operation, AclPermissionType.ALLOW));
    }

    private static Outcome runToExit(String name, Map<String, String> env, DetectorConfig topics) throws Exception {
        Path config = writeProperties(name + ".properties", topicSettings(topics));
        long started = System.nanoTime();
        try (Detector detector = Detector.start(dir, name, env, "run", "--config", config.toString())) {
            int exit = detector.awaitExit(Duration.ofSeconds(60));
            return new Outcome(exit, (System.nanoTime() - started) / 1e9, detector.output());
        }
    }

    /**
     * What happens when {@code user} reads {@code topic} over SASL_SSL, partition 0 assigned (no consumer group, so
     * only the topic's ACL is judged): the exception the consumer throws within 20 s, or null if it read on.
     */
    private static Throwable readAs(String user, String secret, String topic) {
        Map<String, Object> props = new LinkedHashMap<>(Map.of("bootstrap.servers", kafka.bootstrapServers("SASL_SSL"),
                "security.protocol", "SASL_SSL", "sasl.mechanism", SecureListener.MECHANISM,
                "sasl.jaas.config", jaas(user, secret), "ssl.truststore.location", pki.truststore().toString(),
                "ssl.truststore.type", "PKCS12", "ssl.truststore.password", pki.password(),
                "auto.offset.reset", "earliest", "enable.auto.commit", "false"));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                try {
                    if (!consumer.poll(Duration.ofMillis(500)).isEmpty()) {
                        return null;
                    }
                } catch (KafkaException e) {
                    return e;
                }
            }
            return null;
        }
    }

    private void assertNoSecret(String where, String text) {
        assertThat(text).as(where).doesNotContain(password).doesNotContain(pki.password())
                .doesNotContain(otherPassword);
    }

    private static Map<String, String> kafkaEnvironment(String bootstrap) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        env.put("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        env.put("KAFKA_SASL_MECHANISM", SecureListener.MECHANISM);
        env.put("KAFKA_SSL_TRUSTSTORE_LOCATION", pki.truststore().toString());
        env.put("KAFKA_SSL_TRUSTSTORE_TYPE", "PKCS12");
        env.put("KAFKA_SSL_TRUSTSTORE_PASSWORD", pki.password());
        return env;
    }

    /** Topic names, application id and state directory of an isolated config: no security settings. */
    private static Map<String, String> topicSettings(DetectorConfig topics) throws IOException {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(StreamsConfig.APPLICATION_ID_CONFIG, topics.applicationId());
        settings.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory(dir, "state").toString());
        settings.put(DetectorConfig.TOPIC_AUTH, topics.topics().authEvents());
        settings.put(DetectorConfig.TOPIC_API, topics.topics().apiEvents());
        settings.put(DetectorConfig.TOPIC_NET, topics.topics().netEvents());
        settings.put(DetectorConfig.TOPIC_ALERTS, topics.topics().alerts());
        settings.put(DetectorConfig.TOPIC_INCIDENTS, topics.topics().incidents());
        settings.put(DetectorConfig.TOPIC_DEAD_LETTERS, topics.topics().deadLetters());
        settings.put(DetectorConfig.METRICS_ADDRESS, "none");
        return settings;
    }

    private static Map<String, String> baseSettings(DetectorConfig topics, String bootstrap) throws IOException {
        Map<String, String> settings = topicSettings(topics);
        settings.put("bootstrap.servers", bootstrap);
        settings.put("security.protocol", "SASL_SSL");
        settings.put("sasl.mechanism", SecureListener.MECHANISM);
        settings.put("ssl.truststore.location", pki.truststore().toString());
        settings.put("ssl.truststore.type", "PKCS12");
        return settings;
    }

    private static Path writeProperties(String name, Map<String, String> settings) throws IOException {
        StringBuilder text = new StringBuilder();
        // Properties syntax: a backslash escapes, so Windows paths and JAAS quotes need it doubled.
        settings.forEach((key, value) -> text.append(key).append('=').append(value.replace("\\", "\\\\"))
                .append('\n'));
        return Files.writeString(dir.resolve(name), text.toString());
    }

    private static String jaas(String secret) {
        return jaas(USER, secret);
    }

    private static String jaas(String user, String secret) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + secret + "\";";
    }

    private static String secret(String prefix) {
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        return prefix + HexFormat.of().formatHex(random);
    }

    private static String scrape(Detector detector) throws Exception {
        Matcher url = METRICS_URL.matcher(detector.output());
        assertThat(url.find()).as("metrics URL in the log").isTrue();
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url.group(1) + "/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /**
     * {@code breachwatch} in a child JVM on this test's class path, its console and log in one file. The child
     * gets no {@code KAFKA_*} or {@code BREACHWATCH_*} variable from this process, only those the test gives.
     */
    private static final class Detector implements AutoCloseable {
        private final Process process;
        private final Path output;

        private Detector(Process process, Path output) {
            this.process = process;
            this.output = output;
        }

        static Detector start(Path dir, String name, Map<String, String> env, String... args) throws IOException {
            Path logback = dir.resolve("logback-" + name + ".xml");
            Files.writeString(logback, String.join("\n",
                    "<configuration>",
                    "  <appender name=\"OUT\" class=\"ch.qos.logback.core.ConsoleAppender\">",
                    "    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n%ex</pattern></encoder>",
                    "  </appender>",
                    "  <logger name=\"org.apache.kafka\" level=\"INFO\"/>",
                    "  <logger name=\"org.apache.kafka.common.security\" level=\"DEBUG\"/>",
                    "  <logger name=\"org.apache.kafka.common.network\" level=\"DEBUG\"/>",
                    "  <logger name=\"org.apache.kafka.common.config\" level=\"DEBUG\"/>",
                    "  <logger name=\"io.breachwatch\" level=\"DEBUG\"/>",
                    "  <root level=\"INFO\"><appender-ref ref=\"OUT\"/></root>",
                    "</configuration>", ""));
            Path output = dir.resolve(name + ".out");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx384m", "-XX:TieredStopAtLevel=1",
                    "-Dlogback.configurationFile=" + logback.toAbsolutePath(),
                    "-cp", classPath(), BreachwatchCli.class.getName()));
            command.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().keySet().removeIf(k -> k.startsWith("KAFKA_") || k.startsWith("BREACHWATCH_"));
            builder.environment().putAll(env);
            Process process = builder.start();
            process.getOutputStream().close();
            return new Detector(process, output);
        }

        /** Surefire and Failsafe hand the fork a one-jar manifest class path; they keep the real one here. */
        private static String classPath() {
            return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        }

        String output() throws IOException {
            return Files.readString(output, StandardCharsets.UTF_8);
        }

        void awaitLog(String what, String text, Duration timeout) throws Exception {
            BrokerFixture.await(what, timeout, () -> {
                if (!process.isAlive()) {
                    throw new AssertionError("breachwatch exited with " + process.exitValue() + " while waiting for "
                            + what + ":\n" + tail());
                }
                try {
                    return output().contains(text);
                } catch (IOException e) {
                    return false;
                }
            });
        }

        int awaitExit(Duration timeout) throws Exception {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("breachwatch still running after " + timeout + ":\n" + tail());
            }
            return process.exitValue();
        }

        /** SIGTERM, as a supervisor stops it; Kafka Streams closes within its 30 s close timeout. */
        void stop() throws Exception {
            process.destroy();
            if (!process.waitFor(45, TimeUnit.SECONDS)) {
                throw new AssertionError("breachwatch did not stop within 45 s of SIGTERM:\n" + tail());
            }
        }

        private String tail() {
            try {
                List<String> lines = output().lines().toList();
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
            } catch (IOException e) {
                return "(no output: " + e + ")";
            }
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
