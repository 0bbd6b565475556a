package io.breachwatch.detector.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.breachwatch.detector.config.DetectorConfig;
import io.breachwatch.detector.deploy.ExternalTool;
import io.breachwatch.detector.deploy.PrometheusRulesTest;
import io.breachwatch.detector.local.LocalKafka;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard works against a real Prometheus (the Debian package's binary) scraping a real detector:
 * after events, a brute force, a malformed record and a late event, every query of every panel returns at least one
 * series with a number. Prometheus also loads the alert rules and evaluates all of them without error.
 */
@Tag("broker")
@Timeout(240)
class PrometheusDashboardIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path DASHBOARD = ROOT.resolve("deploy/grafana/dashboards/breachwatch.json");
    private static final Path RULES = ROOT.resolve("deploy/prometheus/rules/breachwatch-alerts.yml");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Grafana's built-in variables and the dashboard's own, as Grafana resolves them for a 1 s scrape interval and
     * the "All" instance selection. $__rate_interval is at least four scrape intervals; one minute keeps the alert
     * raised at the start of the test inside every rate window.
     */
    private static final Map<String, String> VARIABLES = Map.of(
            "$__rate_interval", "1m", "$__interval", "5s", "$instance", ".*");

    @TempDir
    Path work;

    @Test
    void everyPanelQueryReturnsDataFromARealPrometheusScrapingARunningDetector() throws Exception {
        ExternalTool prometheusBinary = ExternalTool.require("prometheus", "prometheus");
        try (LocalKafka kafka = LocalKafka.start()) {
            DetectorConfig config = BrokerFixture.isolatedConfig(kafka, "dashboard");
            try (ServedDetector detector = ServedDetector.create(config).start();
                 SampleTraffic traffic = new SampleTraffic(config);
                 Prometheus prometheus = Prometheus.start(prometheusBinary.path(), work, detector.port())) {
                // Given Prometheus scraping the detector every second, and a few samples of the quiet detector
                prometheus.await("the detector to be scraped", "up{job=\"breachwatch\"} == 1");
                prometheus.await("a few samples", "count_over_time(up{job=\"breachwatch\"}[1m]) >= 3");

                // When events of every kind, a brute force, a malformed record and a late event pass
                traffic.everyKind(Instant.now());

                // Then once Prometheus has the alert and the Kafka metrics of every task...
                prometheus.await("the brute-force alert", "sum(breachwatch_alerts_total{job=\"breachwatch\"}) >= 1");
                prometheus.await("the late record", "sum(breachwatch_late_records_total{job=\"breachwatch\"}) >= 1");
                prometheus.await("consumer lag per partition",
                        "count(kafka_consumer_fetch_manager_records_lag{job=\"breachwatch\"} >= 0) > 0");
                prometheus.await("state store sizes", "count(kafka_stream_state_total_sst_files_size{job=\"breachwatch\"}) > 0");

                // ...every panel's every query returns a series with a number
                List<String> queries = panelQueries();
                assertThat(queries).hasSizeGreaterThanOrEqualTo(14);
                for (String query : queries) {
                    JsonNode result = prometheus.query(query);
                    assertThat(result.size()).as("series returned by %s", query).isPositive();
                    List<Double> values = new ArrayList<>();
                    result.forEach(series -> values.add(Double.parseDouble(series.get("value").get(1).asText())));
                    assertThat(values).as("values of %s", query).anyMatch(Double::isFinite);
                }

                // And the alert rules loaded into a real Prometheus evaluate without error
                JsonNode groups = prometheus.get("/api/v1/rules").get("data").get("groups");
                List<String> health = new ArrayList<>();
                List<String> loaded = new ArrayList<>();
                groups.forEach(g -> g.get("rules").forEach(r -> {
                    loaded.add(r.get("name").asText());
                    health.add(r.get("name").asText() + " " + r.get("health").asText() + " "
                            + r.path("lastError").asText());
                }));
                assertThat(loaded).as("rules loaded")
                        .containsExactlyInAnyOrderElementsOf(PrometheusRulesTest.alertNames());
                assertThat(health).allMatch(h -> h.contains(" ok "), "every rule healthy");
            }
        }
    }

    /** Every target expression of every panel (rows included), with the dashboard's variables resolved. */
    static List<String> panelQueries() throws IOException {
        List<String> queries = new ArrayList<>();
        collect(JSON.readTree(DASHBOARD.toFile()).get("panels"), queries);
        return queries;
    }

    private static void collect(JsonNode panels, List<String> queries) {
        for (JsonNode panel : panels) {
            if (panel.has("panels")) {
                collect(panel.get("panels"), queries);
            }
            for (JsonNode target : panel.path("targets")) {
                String expr = target.get("expr").asText();
                for (Map.Entry<String, String> v : VARIABLES.entrySet()) {
                    expr = expr.replace(v.getKey(), v.getValue());
                }
                assertThat(expr).as("unresolved variable in panel %s", panel.get("title")).doesNotContain("$");
                queries.add(expr);
            }
        }
    }

    /** The real Prometheus server on a free loopback port, with its own storage in a temporary directory. */
    private static final class Prometheus implements AutoCloseable {
        private final Process process;
        private final String url;
        private final Path log;

        private Prometheus(Process process, String url, Path log) {
            this.process = process;
            this.url = url;
            this.log = log;
        }

        static Prometheus start(Path binary, Path work, int detectorPort) throws Exception {
            int port = freePort();
            Path config = work.resolve("prometheus.yml");
            Files.writeString(config, String.join("\n",
                    "global:",
                    "  scrape_interval: 1s",
                    "  evaluation_interval: 1s",
                    "rule_files:",
                    "  - " + RULES,
                    "scrape_configs:",
                    "  - job_name: breachwatch",
                    "    static_configs:",
                    "      - targets: ['127.0.0.1:" + detectorPort + "']",
                    ""));
            Path log = work.resolve("prometheus.log");
            Process process = new ProcessBuilder(binary.toString(),
                    "--config.file=" + config,
                    "--storage.tsdb.path=" + work.resolve("data"),
                    "--storage.tsdb.retention.time=1h",
                    "--web.listen-address=127.0.0.1:" + port,
                    "--log.level=warn")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Prometheus prometheus = new Prometheus(process, "http://127.0.0.1:" + port, log);
            try {
                BrokerFixture.await("Prometheus to be ready", Duration.ofSeconds(60), prometheus::ready);
            } catch (AssertionError | InterruptedException e) {
                prometheus.close();
                throw new AssertionError(e.getMessage() + "; its log:\n" + Files.readString(log), e);
            }
            return prometheus;
        }

        private boolean ready() {
            if (!process.isAlive()) {
                throw new AssertionError("Prometheus exited with " + process.exitValue());
            }
            try {
                return HTTP.send(HttpRequest.newBuilder(URI.create(url + "/-/ready")).timeout(Duration.ofSeconds(5))
                        .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        JsonNode get(String path) throws IOException, InterruptedException {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(200);
            return JSON.readTree(response.body());
        }

        /** An instant query through the HTTP API: the result vector. */
        JsonNode query(String promql) throws IOException, InterruptedException {
            JsonNode body = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
            assertThat(body.get("status").asText()).as(promql).isEqualTo("success");
            assertThat(body.get("data").get("resultType").asText()).as(promql).isEqualTo("vector");
            return body.get("data").get("result");
        }

        void await(String what, String promql) throws InterruptedException {
            BrokerFixture.await(what + " in Prometheus (" + promql + ")", Duration.ofSeconds(90), () -> {
                try {
                    return query(promql).size() > 0;
                } catch (IOException e) {
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            });
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }

        private static int freePort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))) {
                return socket.getLocalPort();
            }
        }
    }
}
