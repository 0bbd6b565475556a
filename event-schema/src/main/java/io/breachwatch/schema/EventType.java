package io.breachwatch.schema;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The three signal families breachwatch reads. Its lowercase name is a metric label value. */
public enum EventType {
    @JsonProperty("auth") AUTH,
    @JsonProperty("api") API,
    @JsonProperty("net") NET;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
