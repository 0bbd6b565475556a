package io.breachwatch.detector.page;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * A page a destination refused for good (a 4xx other than 408/429, or a redirect), or an input record that is not a
 * valid alert or incident: written to the pager's dead-letter topic, keyed by destination name, so that nothing is
 * dropped silently. {@code page} is the page as the generic webhook would have sent it (it holds no credential:
 * the routing key and API key are only ever in the request), so an operator can see and re-send it.
 *
 * @param reason          one of {@link #REASONS}: a metric label value
 * @param detail          human-readable explanation
 * @param destination     the destination's name
 * @param destinationType pagerduty, slack, opsgenie or webhook
 * @param pageKind        alert, summary, incident or incident_update (null for an undecodable record)
 * @param dedupKey        the page's dedup key (null for an undecodable record)
 * @param httpStatus      the refusing response's status (0 when there was none)
 * @param response        the start of the refusing response's body, made printable (null when none)
 * @param page            the page (null for an undecodable record)
 * @param sources         the input records the page stood for
 * @param payload         an undecodable record's value as text, at most 16 Ki characters (null otherwise)
 * @param deadLetteredAt  wall-clock time of the decision
 */
public record PageDeadLetter(String reason, String detail, String destination, String destinationType,
                             String pageKind, String dedupKey, int httpStatus, String response, JsonNode page,
                             List<Source> sources, String payload, Instant deadLetteredAt) {

    /** The receiver refused the page (4xx other than 408 and 429). */
    public static final String REJECTED = "rejected";
    /** The receiver answered with a redirect or another status that is neither success nor failure. */
    public static final String UNEXPECTED_STATUS = "unexpected_status";
    /** The input record is not a valid alert or incident. */
    public static final String UNDECODABLE = "undecodable";
    public static final List<String> REASONS = List.of(REJECTED, UNEXPECTED_STATUS, UNDECODABLE);
    static final int MAX_PAYLOAD_CHARS = 16 * 1024;

    /**
     * A range of input records.
     *
     * @param records how many of the offsets in [from, to] the page stood for
     */
    public record Source(String topic, int partition, long fromOffset, long toOffset, int records) {
    }

    public PageDeadLetter {
        sources = List.copyOf(sources);
    }
}
