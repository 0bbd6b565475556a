package io.breachwatch.detector.page;

/**
 * A credential (routing key, API key, a webhook URL carrying a token) read from an environment variable or a file,
 * never written inline in the config. {@link #toString()} names where it came from and never the value, so a secret
 * cannot reach a log line by accident.
 */
public final class Secret {
    private final String source;
    private final String value;

    private Secret(String source, String value) {
        this.source = source;
        this.value = value;
    }

    /** @param source where the value came from, e.g. {@code env PAGERDUTY_ROUTING_KEY}; null value: not resolved */
    static Secret of(String source, String value) {
        return new Secret(source, value);
    }

    /** Where the value came from, safe to print. */
    public String source() {
        return source;
    }

    /** The value; null when the config was only checked ({@code page --check}) and secrets were not read. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "[secret from " + source + "]";
    }
}
