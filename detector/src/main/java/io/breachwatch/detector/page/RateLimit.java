package io.breachwatch.detector.page;

/**
 * A destination's page budget: a token bucket holding up to {@code burst} pages, refilled at
 * {@code pagesPerMinute}. An alert that would be paged on its own while the bucket is empty is folded into its
 * group's summary instead; summaries and incidents wait for a token (they are never folded or dropped).
 */
public record RateLimit(int pagesPerMinute, int burst) {
    public static final RateLimit DEFAULT = new RateLimit(10, 5);
}
