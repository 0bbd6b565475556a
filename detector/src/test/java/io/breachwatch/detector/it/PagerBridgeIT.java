package io.breachwatch.detector.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.detector.config.DetectorConfig;
import io.breachwatch.detector.core.AlertIds;
import io.breachwatch.detector.local.LocalBroker;
import io.breachwatch.detector.page.Deliveries;
import io.breachwatch.detector.page.FlakyReceiver;
import io.breachwatch.detector.page.FlakyReceiver.Fault;
import io.breachwatch.detector.page.PagerBridge;
import io.breachwatch.detector.page.PagerConfig;
import io.breachwatch.detector.page.PagerConfigReader;
import io.breachwatch.detector.page.PagerMetrics;
import io.breachwatch.schema.Alert;
import io.breachwatch.schema.Entity;
import io.breachwatch.schema.EventType;
import io.breachwatch.schema.Incident;
import io.breachwatch.schema.Severity;
import io.breachwatch.schema.json.EventJson;
import io.breachwatch.schema.json.JsonLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The pager bridge against a real broker. Alerts and incidents are written the way the detector writes them (in
 * Kafka transactions, one of them aborted); the bridge delivers to a local receiver that fails, answers too late,
 * drops connections and recovers; it is killed mid-way ({@code destroyForcibly}, no shutdown) and started again:
 * every alert of a committed transaction arrives, none of an aborted one, none under two dedup keys, no dedup key
 * with two contents. And a flood of 10,000 alerts of one attack pages a handful of times.
 */
@Tag("broker")
@Timeout(300)
class PagerBridgeIT {
    @RegisterExtension
    static final LocalBroker BROKER = new LocalBroker();

    private static Alert alert(String rule, String ip, Severity severity, Instant at, double observed) {
        Entity entity = Entity.sourceIp(ip);
        return new Alert(AlertIds.of(rule, entity, at.toEpochMilli()), rule, "Title of " + rule, severity,
                List.of("T1110"), entity, at.minusSeconds(60), at, observed, 5, at.minusSeconds(60), at, at,
                rule + " on " + ip, null);
    }

    private static Incident incident(String id, int alerts, Instant at) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < alerts; i++) {
            ids.add(id + "-" + i);
        }
        return new Incident(id, "Breach in progress?", Severity.CRITICAL, List.of(EventType.API, EventType.AUTH),
                ids, List.of("api.new_endpoint"), List.of(Entity.sourceIp("203.0.113.9")), at, at.plusSeconds(alerts),
                at, "Breach in progress? " + alerts + " alerts");
    }

    /** Writes records in one Kafka transaction, committed or aborted, as the detector's exactly-once output is. */
    private static void transaction(DetectorConfig config, List<Alert> alerts, List<Incident> incidents,
                                    boolean commit) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.kafka().bootstrapServers());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "it-detector-" + UUID.randomUUID());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (Alert alert : alerts) {
                producer.send(new ProducerRecord<>(config.topics().alerts(), alert.entity().toString(),
                        EventJson.strict().write(alert)));
            }
            for (Incident incident : incidents) {
                producer.send(new ProducerRecord<>(config.topics().incidents(), incident.incidentId(),
                        new EventJson(JsonLimits.INCIDENTS).write(incident)));
            }
            if (commit) {
                producer.commitTransaction();
            } else {
                producer.flush();
                producer.abortTransaction();
            }
        }
    }

    private static Path pagerConfig(DetectorConfig config, String group, FlakyReceiver receiver, String extra)
            throws Exception {
        Path file = Files.createTempFile("pager-it", ".yaml");
        Files.writeString(file, """
                kafka:
                  bootstrap.servers: %s
                  breachwatch.topic.alerts: %s
                  breachwatch.topic.incidents: %s
                consumer_group: %s
                start_at: earliest
                dead_letter_topic: %s
                metrics_address: none
                destinations:
                  - name: hook
                    type: webhook
                    url: %s
                    min_severity: medium
                    connect_timeout: 1s
                    request_timeout: 400ms
                    retry: {initial_backoff: 20ms, max_backoff: 200ms, max_retry_after: 2s, overdue_after: 10s}
                %s""".formatted(BROKER.kafka().bootstrapServers(), config.topics().alerts(),
                config.topics().incidents(), group, config.topics().deadLetters(), receiver.url(), extra.indent(4)));
        return file;
    }

    private static Process startChild(Path config, Path log) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), PagerChild.class.getName(), "page",
                "--config", config.toString());
        builder.environment().keySet().removeIf(name -> name.startsWith("KAFKA_") || name.startsWith("BREACHWATCH_"));
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return builder.start();
    }

    @Test
    void killedMidwayAndRestartedTheBridgeLosesNothingAndRepeatsOnlyUnderTheSameKey() throws Exception {
        DetectorConfig config = BrokerFixture.isolatedConfig(BROKER.kafka(), "pager");
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<String> expected = new ArrayList<>();
        List<String> notPaged = new ArrayList<>();
        List<Alert> first = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            Severity severity = i % 10 == 9 ? Severity.LOW : Severity.HIGH;
            Alert alert = alert("auth.rule_" + (i % 8), "198.51.100." + (i % 200), severity, t0.plusSeconds(i), i % 17);
            first.add(alert);
            (severity == Severity.LOW ? notPaged : expected).add(alert.alertId());
        }
        List<Alert> aborted = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            aborted.add(alert("auth.aborted", "192.0.2." + i, Severity.CRITICAL, t0, 1));
            notPaged.add(aborted.get(i).alertId());
        }
        transaction(config, first.subList(0, 200), List.of(incident("inc-1", 2, t0)), true);
        transaction(config, aborted, List.of(), false);
        transaction(config, first.subList(200, 400), List.of(incident("inc-1", 3, t0), incident("inc-1", 4, t0)),
                true);

        Random random = new Random(5);
        Fault[] script = new Fault[80];
        for (int n = 0; n < script.length; n++) {
            double r = random.nextDouble();
            script[n] = r < 0.12 ? Fault.SERVER_ERROR : r < 0.16 ? Fault.TOO_MANY_REQUESTS : r < 0.26 ? Fault.SLOW
                    : r < 0.34 ? Fault.DROP : Fault.OK;
        }
        Path logDir = Files.createTempDirectory("pager-it-logs");
        String group = "it-pager-" + UUID.randomUUID().toString().substring(0, 8);
        try (FlakyReceiver receiver = FlakyReceiver.start(n -> n <= script.length ? script[n - 1] : Fault.OK,
                Duration.ofMillis(900))) {
            Path file = pagerConfig(config, group, receiver, """
                    group_window: 3s
                    max_window_alerts: 40
                    rate_limit: {pages_per_minute: 120, burst: 10}""");
            Process bridge = startChild(file, logDir.resolve("first.log"));
            try {
                BrokerFixture.await("the first bridge to deliver some pages", Duration.ofSeconds(90),
                        () -> receiver.processed().size() >= 15 || !bridge.isAlive());
                assertThat(bridge.isAlive()).as("first bridge running; log: " + logDir).isTrue();
            } finally {
                bridge.destroyForcibly().waitFor();
            }
            int beforeRestart = receiver.received().size();

            // While it is down, more alerts arrive
            List<Alert> second = new ArrayList<>();
            for (int i = 0; i < 150; i++) {
                second.add(alert("net.rule_" + (i % 3), "203.0.113." + (i % 150), Severity.CRITICAL,
                        t0.plusSeconds(500 + i), i));
                expected.add(second.get(i).alertId());
            }
            transaction(config, second, List.of(), true);

            Process again = startChild(file, logDir.resolve("second.log"));
            try {
                BrokerFixture.await("the restarted bridge to deliver everything", Duration.ofSeconds(150),
                        () -> BrokerFixture.caughtUp(BROKER.kafka().admin(), group + ".hook",
                                List.of(config.topics().alerts(), config.topics().incidents())) || !again.isAlive());
                assertThat(again.isAlive()).as("second bridge running; log: " + logDir).isTrue();
            } finally {
                again.destroyForcibly().waitFor();
            }

            Deliveries deliveries = new Deliveries(receiver.processed());
            assertThat(deliveries.problems(expected)).isEmpty();
            assertThat(deliveries.deliveredAlertIds()).doesNotContainAnyElementsOf(notPaged);
            assertThat(deliveries.incidentAlerts()).containsExactly(Map.entry("inc-1", 4));
            assertThat(beforeRestart).isLessThan(receiver.received().size());
            assertThat(receiver.received()).extracting(FlakyReceiver.Received::fault)
                    .contains(Fault.SERVER_ERROR, Fault.SLOW, Fault.DROP);
            System.out.printf("pager bridge killed and restarted: %d requests (%d before the kill), %d distinct pages"
                            + " (%d alert, %d summary, %d incident), %d repeats under the same key%n",
                    receiver.received().size(), beforeRestart, deliveries.pages(), deliveries.pages("alert"),
                    deliveries.pages("summary"), deliveries.pages("incident") + deliveries.pages("incident_update"),
                    deliveries.repeats());
        }
    }

    @Test
    void tenThousandAlertsOfOneAttackPageAHandfulOfTimes() throws Exception {
        DetectorConfig config = BrokerFixture.isolatedConfig(BROKER.kafka(), "pager-flood");
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<String> expected = new ArrayList<>();
        for (int batch = 0; batch < 10; batch++) {
            List<Alert> alerts = new ArrayList<>();
            for (int i = batch * 1000; i < (batch + 1) * 1000; i++) {
                alerts.add(alert("auth.password_spray", "10.1." + (i / 256) + "." + (i % 256), Severity.HIGH,
                        t0.plusMillis(i), i % 90));
                expected.add(alerts.get(alerts.size() - 1).alertId());
            }
            transaction(config, alerts, List.of(), true);
        }
        String group = "it-pager-flood-" + UUID.randomUUID().toString().substring(0, 8);
        try (FlakyReceiver receiver = FlakyReceiver.start(n -> Fault.OK, Duration.ZERO)) {
            PagerConfig pager = new PagerConfigReader(Map.of(), true).read(
                    pagerConfig(config, group, receiver, "group_window: 10s"));
            PagerMetrics metrics = PagerMetrics.unexported();
            long started = System.nanoTime();
            try (PagerBridge bridge = PagerBridge.start(pager, metrics)) {
                BrokerFixture.await("the flood to be delivered", Duration.ofSeconds(90),
                        () -> BrokerFixture.caughtUp(BROKER.kafka().admin(), group + ".hook",
                                List.of(config.topics().alerts())));
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            Deliveries deliveries = new Deliveries(receiver.processed());
            assertThat(deliveries.problems(expected)).isEmpty();
            // One group (rule, source_ip). Reading 10,000 records takes about a second here, well inside one 10 s
            // window: its first alert plus one summary. Allow a second window in case the read straddles the end
            // of the first on a loaded machine: at most 2 windows x (first alert + summary) = 4 pages.
            assertThat(receiver.processed()).hasSizeBetween(2, 4);
            assertThat(deliveries.summarySizes().stream().mapToInt(Integer::intValue).sum()
                    + deliveries.pages("alert")).isEqualTo(10_000);
            assertThat(metrics.count("breachwatch.pager.alerts.folded", "cause", "grouped")
                    + metrics.count("breachwatch.pager.alerts.folded", "cause", "rate_limited")
                    + metrics.count("breachwatch.pager.records", "outcome", "paged")).isEqualTo(10_000);
            System.out.printf("flood: 10,000 alerts of one attack -> %d pages (%d alert, summaries of %s) in %.1f s%n",
                    receiver.processed().size(), deliveries.pages("alert"), deliveries.summarySizes(), seconds);
        }
    }
}
