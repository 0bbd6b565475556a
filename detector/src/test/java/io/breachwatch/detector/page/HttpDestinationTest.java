package io.breachwatch.detector.page;

import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.detector.page.FlakyReceiver.Fault;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One delivery attempt against a real local HTTP server, for every way a receiver can answer. */
@Timeout(60)
class HttpDestinationTest {
    private static final Page ALERT = new Page.AlertPage(PageFixtures.parsedAlert(), PageFixtures.ALERT_JSON);

    private static HttpDestination webhook(URI url) {
        return new HttpDestination(PageFixtures.destination(DestinationType.WEBHOOK, url)
                .withTimeouts(Duration.ofMillis(500), Duration.ofMillis(500)), Clock.systemUTC());
    }

    @Test
    void eachAnswerIsClassified() throws Exception {
        List<Fault> script = List.of(Fault.OK, Fault.SERVER_ERROR, Fault.TOO_MANY_REQUESTS, Fault.SLOW, Fault.DROP,
                Fault.REJECT, Fault.REDIRECT);
        try (FlakyReceiver receiver = FlakyReceiver.start(n -> script.get(n - 1), Duration.ofSeconds(3))) {
            HttpDestination destination = webhook(receiver.url());
            assertThat(destination.send(ALERT)).isEqualTo(new Attempt.Accepted(202));
            assertThat(destination.send(ALERT)).isEqualTo(new Attempt.Retry(Attempt.RetryReason.SERVER_ERROR, 500,
                    null));
            assertThat(destination.send(ALERT)).isEqualTo(new Attempt.Retry(Attempt.RetryReason.RATE_LIMITED, 429,
                    Duration.ofSeconds(1)));
            assertThat(destination.send(ALERT)).isEqualTo(new Attempt.Retry(Attempt.RetryReason.TIMEOUT, 0, null));
            assertThat(destination.send(ALERT)).isEqualTo(new Attempt.Retry(Attempt.RetryReason.CONNECTION, 0,
                    null));
            assertThat(destination.send(ALERT)).isEqualTo(new Attempt.Rejected(400,
                    "{\"status\":\"invalid event\",\"errors\":[\"routing_key\"]}"));
            // A redirect is never followed: it could carry the page (and a credential) to another host
            assertThat(destination.send(ALERT)).isEqualTo(new Attempt.Rejected(301, ""));
            assertThat(receiver.received()).hasSize(7);

            FlakyReceiver.Received first = receiver.received().get(0);
            assertThat(first.headers()).containsEntry("content-type", "application/json")
                    .containsEntry("user-agent", "breachwatch-pager/0.1.0")
                    .containsEntry("idempotency-key", "9f1c2a7e5b3d4f60a1b2c3d4e5f60718");
            assertThat(first.body()).startsWith("{\"dedup_key\":\"9f1c2a7e5b3d4f60a1b2c3d4e5f60718\"");
        }
    }

    @Test
    void nobodyListeningIsAConnectionErrorWorthARetry() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        assertThat(webhook(URI.create("http://127.0.0.1:" + port + "/hook")).send(ALERT))
                .isEqualTo(new Attempt.Retry(Attempt.RetryReason.CONNECTION, 0, null));
    }

    @Test
    void retryAfterAsSecondsOrAsADate() {
        Clock clock = Clock.fixed(Instant.parse("2024-03-12T03:00:00Z"), ZoneOffset.UTC);
        HttpDestination destination = new HttpDestination(PageFixtures.destination(DestinationType.WEBHOOK,
                URI.create("http://127.0.0.1:1/")), clock);
        assertThat(destination.retryAfter(Optional.of("120"))).isEqualTo(Duration.ofSeconds(120));
        assertThat(destination.retryAfter(Optional.of("Tue, 12 Mar 2024 03:00:30 GMT")))
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(destination.retryAfter(Optional.of("Tue, 12 Mar 2024 02:00:00 GMT"))).isEqualTo(Duration.ZERO);
        assertThat(destination.retryAfter(Optional.of("soon"))).isNull();
        assertThat(destination.retryAfter(Optional.empty())).isNull();
        assertThat(destination.classify(503, Optional.of("7"), "")).isEqualTo(
                new Attempt.Retry(Attempt.RetryReason.SERVER_ERROR, 503, Duration.ofSeconds(7)));
        assertThat(destination.classify(408, Optional.empty(), "")).isEqualTo(
                new Attempt.Retry(Attempt.RetryReason.SERVER_ERROR, 408, null));
        assertThat(destination.classify(404, Optional.empty(), "no such route")).isEqualTo(
                new Attempt.Rejected(404, "no such route"));
    }
}
