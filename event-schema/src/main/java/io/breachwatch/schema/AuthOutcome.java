package io.breachwatch.schema;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Result of an authentication attempt. */
public enum AuthOutcome {
    @JsonProperty("success") SUCCESS,
    @JsonProperty("failure") FAILURE
}
