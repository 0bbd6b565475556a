package io.breachwatch.schema.parse;

import com.fasterxml.jackson.databind.JsonNode;
import io.breachwatch.schema.ApiCallEvent;
import io.breachwatch.schema.InvalidEventException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How one CloudTrail record becomes an {@link ApiCallEvent}; see {@link CloudTrailParser} for the reasons. Throws
 * {@link InvalidEventException} or {@link UnparseableLineException} naming the CloudTrail field at fault.
 */
final class CloudTrailRecords {
    static final String UNKNOWN_PRINCIPAL = "unknown";
    private static final String ASSUMED_ROLE = ":assumed-role/";
    private static final String FEDERATED_USER = ":federated-user/";

    private CloudTrailRecords() {
    }

    /** @param fallbackId the id to use when the record has no {@code eventID} */
    static ApiCallEvent toEvent(JsonNode record, String fallbackId) {
        String eventTime = text(record, "eventTime");
        if (eventTime == null) {
            throw InvalidEventException.invalidField("eventTime", "is required");
        }
        Instant timestamp = time(eventTime);
        String eventSource = required(record, "eventSource");
        String eventName = required(record, "eventName");
        String eventId = text(record, "eventID");
        JsonNode identity = record.get("userIdentity");
        String sourceIp = text(record, "sourceIPAddress");
        if (sourceIp == null) {
            sourceIp = text(identity, "userIdentity.", "invokedBy");
        }
        if (sourceIp == null) {
            throw InvalidEventException.invalidField("sourceIPAddress", "is required");
        }
        return new ApiCallEvent(eventId == null ? fallbackId : eventId, timestamp, principal(identity), null,
                sourceIp, eventName, eventSource + ":" + eventName, status(record), null, null, null);
    }

    /**
     * The caller, most specific first: an assumed role or federated user as {@code role/session} (the session
     * name is what tells a stolen instance credential, {@code …-role/i-0dbc91f429e48eeed}, from the role's other
     * sessions), then {@code userName}, {@code accessKeyId}, {@code principalId}, the invoking AWS service
     * ({@code invokedBy}, for service events without a principal), else {@value #UNKNOWN_PRINCIPAL}.
     */
    static String principal(JsonNode identity) {
        String arn = text(identity, "userIdentity.", "arn");
        if (arn != null) {
            for (String marker : new String[] {ASSUMED_ROLE, FEDERATED_USER}) {
                int at = arn.indexOf(marker);
                if (at >= 0 && at + marker.length() < arn.length()) {
                    return arn.substring(at + marker.length());
                }
            }
        }
        for (String field : new String[] {"userName", "accessKeyId", "principalId", "invokedBy"}) {
            String value = text(identity, "userIdentity.", field);
            if (value != null) {
                return value;
            }
        }
        return UNKNOWN_PRINCIPAL;
    }

    /**
     * An HTTP status for the call: 200 without {@code errorCode}; with one, 403 for denials
     * ({@code AccessDenied}, {@code Client.UnauthorizedOperation}, anything "Unauthorized" or "Forbidden"), 429 for
     * throttling ({@code Throttling*}, {@code RequestLimitExceeded}, {@code TooManyRequests*}), 404 for missing
     * resources ({@code *NotFound*}, S3's {@code NoSuch*}), 500 for AWS-side failures ({@code Server.*},
     * {@code InternalError}, {@code InternalFailure}, {@code ServiceUnavailable}), else 400. A console sign-in
     * reports failure in {@code responseElements.ConsoleLogin} instead: 401.
     */
    static int status(JsonNode record) {
        String errorCode = text(record, "errorCode");
        if (errorCode == null) {
            JsonNode response = record.get("responseElements");
            return "Failure".equals(text(response, "responseElements.", "ConsoleLogin")) ? 401 : 200;
        }
        String code = errorCode.toLowerCase(Locale.ROOT);
        String name = code.startsWith("client.") ? code.substring("client.".length()) : code;
        if (code.startsWith("server.") || name.startsWith("internalerror") || name.startsWith("internalfailure")
                || name.startsWith("serviceunavailable")) {
            return 500;
        }
        if (name.contains("accessdenied") || name.contains("unauthorized") || name.contains("forbidden")) {
            return 403;
        }
        if (name.startsWith("throttl") || name.startsWith("requestlimitexceeded")
                || name.startsWith("toomanyrequests")) {
            return 429;
        }
        if (name.contains("notfound") || name.startsWith("nosuch")) {
            return 404;
        }
        return 400;
    }

    private static Instant time(String text) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeException e) {
            throw new UnparseableLineException(ParseReason.INVALID_TIMESTAMP,
                    "eventTime is not an ISO 8601 time with offset");
        }
    }

    private static String required(JsonNode record, String field) {
        String value = text(record, field);
        if (value == null) {
            throw InvalidEventException.invalidField(field, "is required");
        }
        return value;
    }

    /** A top-level string field; null when absent, null or blank. */
    static String text(JsonNode record, String field) {
        return text(record, "", field);
    }

    /** A string field of {@code object}; null when the object or the field is absent, null or blank. */
    static String text(JsonNode object, String parent, String field) {
        if (object == null || !object.isObject()) {
            return null;
        }
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw InvalidEventException.invalidField(parent + field, "is not a string");
        }
        return LineText.nullIfBlank(value.textValue());
    }
}
