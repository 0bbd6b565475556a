package io.breachwatch.detector.page;

import io.breachwatch.schema.Severity;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * One place pages go, with everything that decides what it receives and how.
 *
 * @param name           the operator's name for it: unique, used in the consumer group, logs and dead letters
 * @param type           PagerDuty, Slack, Opsgenie or a generic JSON webhook
 * @param url            where to POST; the Slack webhook URL is itself a credential, so it may come from a secret
 * @param urlSecret      the URL's source when it was given as a secret (never printed), else null
 * @param credential     PagerDuty routing key or Opsgenie API key (null for Slack and webhooks)
 * @param headers        extra request headers of a generic webhook (values may be secrets)
 * @param minSeverity    alerts and incidents below this severity are not paged here
 * @param topics         which detector outputs are paged here
 * @param connectTimeout TCP/TLS connect timeout
 * @param requestTimeout time for a whole request/response
 * @param groupWindow    how long alerts of one group are folded into a summary after the group's first page
 * @param maxWindowAlerts a group window holding this many alerts closes early (bounds a summary's size)
 * @param rateLimit      the destination's page budget
 * @param retry          how failed deliveries are retried
 */
public record DestinationConfig(String name, DestinationType type, URI url, Secret urlSecret, Secret credential,
                                Map<String, Secret> headers, Severity minSeverity, Set<PagedTopic> topics,
                                Duration connectTimeout, Duration requestTimeout, Duration groupWindow,
                                int maxWindowAlerts, RateLimit rateLimit, RetryPolicy retry) {

    public DestinationConfig {
        headers = Map.copyOf(headers);
        topics = Set.copyOf(topics);
    }

    /** Whether a record of this severity is paged here. */
    public boolean pages(Severity severity) {
        return severity.compareTo(minSeverity) >= 0;
    }

    /** A one-line description without any secret or URL (Slack URLs carry a token): for logs and --check. */
    public String describe() {
        return name + ": " + type.label() + ", " + String.join("+", topics.stream().sorted()
                .map(PagedTopic::label).toList()) + " from " + minSeverity.label() + ", grouped for "
                + io.breachwatch.detector.config.Durations.format(groupWindow) + ", at most "
                + rateLimit.pagesPerMinute() + " pages/min (burst " + rateLimit.burst() + ")";
    }

    DestinationConfig withTimeouts(Duration connect, Duration request) {
        return new DestinationConfig(name, type, url, urlSecret, credential, headers, minSeverity, topics,
                connect, request, groupWindow, maxWindowAlerts, rateLimit, retry);
    }

    DestinationConfig withGrouping(Duration window, int maxAlerts, RateLimit limit) {
        return new DestinationConfig(name, type, url, urlSecret, credential, headers, minSeverity, topics,
                connectTimeout, requestTimeout, window, maxAlerts, limit, retry);
    }

    DestinationConfig withMinSeverity(Severity severity) {
        return new DestinationConfig(name, type, url, urlSecret, credential, headers, severity, topics,
                connectTimeout, requestTimeout, groupWindow, maxWindowAlerts, rateLimit, retry);
    }

    DestinationConfig withRetry(RetryPolicy policy) {
        return new DestinationConfig(name, type, url, urlSecret, credential, headers, minSeverity, topics,
                connectTimeout, requestTimeout, groupWindow, maxWindowAlerts, rateLimit, policy);
    }

    DestinationConfig withUrl(URI newUrl) {
        return new DestinationConfig(name, type, newUrl, urlSecret, credential, headers, minSeverity, topics,
                connectTimeout, requestTimeout, groupWindow, maxWindowAlerts, rateLimit, retry);
    }
}
