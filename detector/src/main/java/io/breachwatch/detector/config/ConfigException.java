package io.breachwatch.detector.config;

/** A configuration value that cannot be used; names the key so the operator knows what to fix. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String key, String message) {
        super(key + ": " + message);
    }
}
