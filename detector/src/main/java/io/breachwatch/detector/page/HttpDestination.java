package io.breachwatch.detector.page;

import io.breachwatch.detector.core.DisplayText;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Sends pages to one destination with the JDK's HTTP client and classifies each attempt: 2xx accepted; 5xx, 408,
 * 429, timeouts and connection errors worth a retry (with the receiver's Retry-After); everything else refused for
 * good. Redirects are never followed. Only the first {@value #EXCERPT_BYTES} bytes of a response are read.
 */
final class HttpDestination {
    static final int EXCERPT_BYTES = 1024;
    static final String USER_AGENT = "breachwatch-pager/0.1.0";

    private final DestinationConfig destination;
    private final PageFormat format;
    private final HttpClient client;
    private final Clock clock;

    HttpDestination(DestinationConfig destination, Clock clock) {
        this.destination = destination;
        this.format = PageFormat.of(destination);
        this.clock = clock;
        this.client = HttpClient.newBuilder()
                .connectTimeout(destination.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                // HTTP/1.1: predictable with every receiver (no h2c upgrade dance on plain http)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    DestinationConfig destination() {
        return destination;
    }

    Attempt send(Page page) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(destination.url())
                .timeout(destination.requestTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", USER_AGENT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(format.body(page)));
        format.headers(page).forEach(request::header);
        HttpResponse<InputStream> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            return new Attempt.Retry(Attempt.RetryReason.TIMEOUT, 0, null);
        } catch (IOException e) {
            return new Attempt.Retry(Attempt.RetryReason.CONNECTION, 0, null);
        }
        int status = response.statusCode();
        String excerpt;
        try (InputStream body = response.body()) {
            excerpt = DisplayText.safe(new String(body.readNBytes(EXCERPT_BYTES), StandardCharsets.UTF_8), 500);
        } catch (IOException e) {
            // A 2xx whose body broke off is still accepted; anything else is retried
            if (status / 100 != 2) {
                return new Attempt.Retry(Attempt.RetryReason.CONNECTION, status, null);
            }
            excerpt = "";
        }
        return classify(status, response.headers().firstValue("Retry-After"), excerpt);
    }

    Attempt classify(int status, Optional<String> retryAfter, String excerpt) {
        if (status >= 200 && status < 300) {
            return new Attempt.Accepted(status);
        }
        if (status == 429) {
            return new Attempt.Retry(Attempt.RetryReason.RATE_LIMITED, status, retryAfter(retryAfter));
        }
        if (status >= 500 || status == 408) {
            return new Attempt.Retry(Attempt.RetryReason.SERVER_ERROR, status, retryAfter(retryAfter));
        }
        return new Attempt.Rejected(status, excerpt);
    }

    /** Retry-After as delay-seconds or an HTTP-date; null when absent or unreadable. */
    Duration retryAfter(Optional<String> header) {
        if (header.isEmpty()) {
            return null;
        }
        String value = header.get().trim();
        if (value.matches("\\d{1,9}")) {
            return Duration.ofSeconds(Long.parseLong(value));
        }
        try {
            Duration until = Duration.between(clock.instant(),
                    ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            return until.isNegative() ? Duration.ZERO : until;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
