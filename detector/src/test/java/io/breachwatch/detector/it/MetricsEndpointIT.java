package io.breachwatch.detector.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.detector.app.DetectorApp;
import io.breachwatch.detector.config.DetectorConfig;
import io.breachwatch.detector.local.LocalKafka;
import io.breachwatch.detector.metrics.MetricsServer;
import io.breachwatch.detector.metrics.Observability;
import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.AuthOutcome;
import io.breachwatch.schema.json.EventJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A running detector serves Prometheus metrics and health: every metric family dashboards and alert rules use is
 * present, label values come from closed sets only, and readiness follows the Kafka Streams state.
 */
@Tag("broker")
@Timeout(180)
class MetricsEndpointIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern LABEL_VALUE = Pattern.compile("=\"([^\"]*)\"");
    private static final Pattern IPV4 = Pattern.compile("\\b\\d{1,3}(\\.\\d{1,3}){3}\\b");

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void metricsAndHealthOfARunningDetector() throws Exception {
        try (LocalKafka kafka = LocalKafka.start()) {
            DetectorConfig config = BrokerFixture.isolatedConfig(kafka, "metrics");
            try (Observability observability = new Observability();
                 DetectorApp detector = new DetectorApp(config, observability.detector());
                 MetricsServer server = MetricsServer.start("127.0.0.1:0", observability.registry(),
                         () -> detector.state() == KafkaStreams.State.RUNNING)) {
                detector.bind(observability::bind);
                assertThat(get(server.url() + "/health/ready").statusCode()).isEqualTo(503);
                assertThat(get(server.url() + "/health/live").statusCode()).isEqualTo(200);
                detector.start();
                assertThat(detector.awaitRunning(Duration.ofSeconds(60))).isTrue();
                assertThat(get(server.url() + "/health/ready").statusCode()).isEqualTo(200);

                // 500 distinct users and addresses, a brute force, and one bad record
                try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                        Map.of("bootstrap.servers", kafka.bootstrapServers()), new ByteArraySerializer(),
                        new ByteArraySerializer())) {
                    Instant now = Instant.now();
                    for (int i = 0; i < 500; i++) {
                        producer.send(new ProducerRecord<>(config.topics().authEvents(), EventJson.strict().write(
                                new AuthEvent("m" + i, now, "user" + i + "@example.com", "198.51." + (i / 250) + "."
                                        + (i % 250), AuthOutcome.SUCCESS, "password", null, "web", null))));
                    }
                    for (int i = 0; i < 9; i++) {
                        producer.send(new ProducerRecord<>(config.topics().authEvents(), EventJson.strict().write(
                                new AuthEvent("b" + i, now, "root", "203.0.113.7", AuthOutcome.FAILURE, "password",
                                        null, "web", null))));
                    }
                    producer.send(new ProducerRecord<>(config.topics().authEvents(),
                            "not json".getBytes(StandardCharsets.UTF_8)));
                }
                BrokerFixture.await("the brute-force alert to be counted", Duration.ofSeconds(60),
                        () -> observability.detector().alertsRaised("auth.brute_force.source") >= 1);

                String metrics = get(server.url() + "/metrics").body();
                assertThat(metrics).contains(
                        "breachwatch_events_total{type=\"auth\"} 510",
                        "breachwatch_dead_letters_total{reason=\"malformed_json\",type=\"auth\"} 1",
                        "breachwatch_alerts_total{rule=\"auth.brute_force.source\",severity=\"medium\"} 1",
                        "breachwatch_alert_latency_seconds_bucket{rule=\"auth.brute_force.source\"",
                        "jvm_memory_used_bytes", "process_cpu_usage", "kafka_stream_");
                Set<String> labelValues = new TreeSet<>();
                Matcher m = LABEL_VALUE.matcher(metrics);
                while (m.find()) {
                    labelValues.add(m.group(1));
                }
                assertThat(labelValues).noneMatch(v -> IPV4.matcher(v).find() && !v.startsWith("127.0.0.1"))
                        .noneMatch(v -> v.contains("@")).noneMatch(v -> v.startsWith("user"));
                List<String> breachwatchSeries = metrics.lines()
                        .filter(l -> l.startsWith("breachwatch_") && !l.startsWith("breachwatch_alert_latency"))
                        .toList();
                assertThat(breachwatchSeries).hasSizeLessThan(100);
            }
        }
    }
}
