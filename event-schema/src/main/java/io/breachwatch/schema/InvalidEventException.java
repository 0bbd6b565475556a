package io.breachwatch.schema;

/**
 * A record that cannot become a canonical event. {@link #reason()} is a short code from a closed set (safe as a
 * metric label); {@link #field()} names the offending JSON field when there is one, so that a dead letter tells
 * the producer exactly what to fix.
 */
public final class InvalidEventException extends RuntimeException {
    private final String reason;
    private final String field;

    public InvalidEventException(String reason, String field, String message) {
        super(field == null ? message : field + ": " + message, null, false, false);
        this.reason = reason;
        this.field = field;
    }

    public static InvalidEventException invalidField(String field, String message) {
        return new InvalidEventException(DeadLetterReason.INVALID_FIELD, field, message);
    }

    /** One of {@link DeadLetterReason}'s codes. */
    public String reason() {
        return reason;
    }

    /** The JSON field at fault (dotted path), or null when the document as a whole is at fault. */
    public String field() {
        return field;
    }
}
