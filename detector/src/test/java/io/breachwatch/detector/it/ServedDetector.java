package io.breachwatch.detector.it;

import io.breachwatch.detector.app.DetectorApp;
import io.breachwatch.detector.config.DetectorConfig;
import io.breachwatch.detector.metrics.MetricsServer;
import io.breachwatch.detector.metrics.Observability;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.kafka.streams.KafkaStreams;

/**
 * A detector wired as {@code breachwatch run} wires it: Prometheus registry, Kafka Streams metrics bound to the
 * client, {@code /metrics} and {@code /health} served on a free loopback port. For tests that scrape it over HTTP.
 */
final class ServedDetector implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final Observability observability;
    final DetectorApp app;
    final MetricsServer server;

    private ServedDetector(Observability observability, DetectorApp app, MetricsServer server) {
        this.observability = observability;
        this.app = app;
        this.server = server;
    }

    /** Everything but Kafka Streams is started: the endpoints answer, readiness says 503. */
    static ServedDetector create(DetectorConfig config) throws java.io.IOException {
        Observability observability = new Observability(config);
        DetectorApp app = new DetectorApp(config, observability.detector());
        app.bind(observability::bind);
        MetricsServer server = MetricsServer.start("127.0.0.1:0", observability.registry(),
                () -> app.state() == KafkaStreams.State.RUNNING);
        return new ServedDetector(observability, app, server);
    }

    /** Starts Kafka Streams and waits until it is RUNNING. */
    ServedDetector start() throws InterruptedException {
        app.start();
        if (!app.awaitRunning(Duration.ofSeconds(60))) {
            throw new AssertionError("the detector did not reach RUNNING within 60 s: " + app.state());
        }
        return this;
    }

    int port() {
        return server.port();
    }

    HttpResponse<String> get(String path) throws java.io.IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    String scrape() throws java.io.IOException, InterruptedException {
        return get("/metrics").body();
    }

    @Override
    public void close() {
        app.close();
        server.close();
        observability.close();
    }
}
