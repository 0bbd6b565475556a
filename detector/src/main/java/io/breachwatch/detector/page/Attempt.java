package io.breachwatch.detector.page;

import java.time.Duration;
import java.util.Locale;

/** The outcome of one attempt to deliver a page. */
sealed interface Attempt permits Attempt.Accepted, Attempt.Retry, Attempt.Rejected {

    /** Why an attempt is worth repeating. Its lowercase name is a metric label value. */
    enum RetryReason {
        /** 5xx, or 408. */
        SERVER_ERROR,
        /** 429 Too Many Requests. */
        RATE_LIMITED,
        /** No complete response within the request timeout (or no connection within the connect timeout). */
        TIMEOUT,
        /** Refused, reset or closed connection, TLS failure. */
        CONNECTION;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A 2xx: the receiver has the page. */
    record Accepted(int status) implements Attempt {
    }

    /**
     * Not delivered, try again.
     *
     * @param status     the HTTP status, or 0 when there was no response
     * @param retryAfter what the receiver asked for (Retry-After), or null
     */
    record Retry(RetryReason reason, int status, Duration retryAfter) implements Attempt {
    }

    /**
     * Refused for good (4xx other than 408/429, or a redirect, which is never followed: it could carry a credential
     * to another host).
     *
     * @param excerpt the start of the response body, made safe to store and print
     */
    record Rejected(int status, String excerpt) implements Attempt {
    }
}
