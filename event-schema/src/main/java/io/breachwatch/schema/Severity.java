package io.breachwatch.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** Alert severity, lowest first. Its lowercase name is a metric label value. */
public enum Severity {
    @JsonProperty("low") LOW,
    @JsonProperty("medium") MEDIUM,
    @JsonProperty("high") HIGH,
    @JsonProperty("critical") CRITICAL;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Severity of(String label) {
        return valueOf(label.trim().toUpperCase(Locale.ROOT));
    }
}
