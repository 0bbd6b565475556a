package io.breachwatch.schema;

import java.util.List;

/**
 * Why a record went to the dead-letter topic. A closed set: these codes are metric label values and must never
 * carry anything taken from the record itself.
 */
public final class DeadLetterReason {
    /** Not JSON, truncated, invalid UTF-8, duplicate keys, trailing garbage. */
    public static final String MALFORMED_JSON = "malformed_json";
    /** Larger than the document limit, a string longer than its limit, or nested too deep. */
    public static final String TOO_LARGE = "too_large";
    /** Valid JSON, but a field is missing, of the wrong type, out of range or unknown. */
    public static final String INVALID_FIELD = "invalid_field";
    /** Event time implausibly far ahead of the reference clock. */
    public static final String TIMESTAMP_FUTURE = "timestamp_future";
    /** Event time implausibly far behind the reference clock. */
    public static final String TIMESTAMP_PAST = "timestamp_past";
    /** Arrived after its window's grace period had passed. */
    public static final String LATE = "late";
    /** A raw log line no parser could read. */
    public static final String UNPARSEABLE_LINE = "unparseable_line";

    public static final List<String> ALL = List.of(
            MALFORMED_JSON, TOO_LARGE, INVALID_FIELD, TIMESTAMP_FUTURE, TIMESTAMP_PAST, LATE, UNPARSEABLE_LINE);

    private DeadLetterReason() {
    }
}
