package io.breachwatch.schema;

/**
 * A record that cannot become a canonical event. {@link #reason()} is a short code from a closed set (safe as a
 * metric label); {@link #field()} names the offending JSON field when there is one, so that a dead letter tells
 * the producer exactly what to fix.
 */
public final class InvalidEventException extends RuntimeException {
    /**
     * Longest field path reported. An unknown field's name comes from the producer and may be thousands of
     * characters long; the dead letter that carries it must stay small and valid.
     */
    public static final int FIELD_MAX = 128;

    private final String reason;
    private final String field;

    public InvalidEventException(String reason, String field, String message) {
        super(shorten(field) == null ? message : shorten(field) + ": " + message, null, false, false);
        this.reason = reason;
        this.field = shorten(field);
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

    /**
     * Cuts a long path, and quotes a blank one: a record may name a field {@code ""} or {@code " "}, and a blank
     * field would make the dead letter reporting it invalid.
     */
    private static String shorten(String field) {
        if (field == null) {
            return null;
        }
        if (field.isBlank()) {
            field = '"' + field + '"';
        }
        if (field.codePointCount(0, field.length()) <= FIELD_MAX) {
            return field;
        }
        return field.substring(0, field.offsetByCodePoints(0, FIELD_MAX - 1)) + "…";
    }
}
