package io.breachwatch.schema;

import java.time.Instant;

/** Field checks shared by the canonical records' constructors; each failure names its field. */
final class Fields {
    static final int ID_MAX = 128;
    static final int NAME_MAX = 256;
    static final int ADDRESS_MAX = 255;
    static final int TEXT_MAX = 1024;

    private Fields() {
    }

    static String required(String field, String value, int maxLength) {
        if (value == null) {
            throw InvalidEventException.invalidField(field, "is required");
        }
        if (value.isBlank()) {
            throw InvalidEventException.invalidField(field, "must not be blank");
        }
        return optional(field, value, maxLength);
    }

    static String optional(String field, String value, int maxLength) {
        if (value != null && value.length() > maxLength) {
            throw InvalidEventException.invalidField(field,
                    "is " + value.length() + " characters long, the limit is " + maxLength);
        }
        return value;
    }

    static <T> T required(String field, T value) {
        if (value == null) {
            throw InvalidEventException.invalidField(field, "is required");
        }
        return value;
    }

    static Instant requiredTime(String field, Instant value) {
        return required(field, value);
    }

    static Long nonNegative(String field, Long value) {
        if (value != null && value < 0) {
            throw InvalidEventException.invalidField(field, "must be >= 0, was " + value);
        }
        return value;
    }

    static Integer range(String field, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            throw InvalidEventException.invalidField(field, "must be in " + min + ".." + max + ", was " + value);
        }
        return value;
    }
}
