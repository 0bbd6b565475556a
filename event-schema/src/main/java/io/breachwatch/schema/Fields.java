package io.breachwatch.schema;

import io.breachwatch.schema.json.Rfc3339;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Field checks shared by the canonical records' constructors; each failure names its field. The published JSON
 * Schemas state the same rules (maxLength, minLength + non-blank pattern, minimum/maximum), and
 * {@code SchemaAgreementTest} holds the two together: change a limit here and the schema must change with it.
 *
 * <p>Lengths are counted in Unicode code points, as JSON Schema's {@code maxLength} counts characters.
 */
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
        return optionalText(field, value, maxLength);
    }

    /** Absent (null) is fine; present means meaningful: a blank value is rejected, not taken for "unknown". */
    static String optional(String field, String value, int maxLength) {
        if (value != null && value.isBlank()) {
            throw InvalidEventException.invalidField(field, "must not be blank (omit it, or send null, when unknown)");
        }
        return optionalText(field, value, maxLength);
    }

    /** Free text that may legitimately be blank (a dead letter's original payload). */
    static String optionalText(String field, String value, int maxLength) {
        if (value != null) {
            int length = value.codePointCount(0, value.length());
            if (length > maxLength) {
                throw InvalidEventException.invalidField(field,
                        "is " + length + " characters long, the limit is " + maxLength);
            }
        }
        return value;
    }

    static <T> T required(String field, T value) {
        if (value == null) {
            throw InvalidEventException.invalidField(field, "is required");
        }
        return value;
    }

    /**
     * A required list of non-null items, {@code minItems..maxItems} of them (JSON Schema's {@code minItems} and
     * {@code maxItems}), copied unmodifiable. Item-specific checks (string limits) are the caller's.
     */
    static <T> List<T> items(String field, List<T> value, int minItems, int maxItems) {
        required(field, value);
        for (int i = 0; i < value.size(); i++) {
            required(field + "[" + i + "]", value.get(i));
        }
        if (value.size() > maxItems) {
            throw InvalidEventException.invalidField(field,
                    "has " + value.size() + " items, the limit is " + maxItems);
        }
        if (value.size() < minItems) {
            throw InvalidEventException.invalidField(field, minItems == 1 ? "must not be empty"
                    : "must have at least " + minItems + " items, has " + value.size());
        }
        return List.copyOf(value);
    }

    /**
     * {@link #items} whose items are also distinct (JSON Schema's {@code uniqueItems}). A repeated item is named by
     * its index, never by its value: a value may be text an attacker chose (a user name).
     */
    static <T> List<T> distinctItems(String field, List<T> value, int minItems, int maxItems) {
        List<T> items = items(field, value, minItems, maxItems);
        Map<T, Integer> seen = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            Integer first = seen.putIfAbsent(items.get(i), i);
            if (first != null) {
                throw InvalidEventException.invalidField(field + "[" + i + "]",
                        "repeats " + field + "[" + first + "]; items must be distinct");
            }
        }
        return items;
    }

    static Instant requiredTime(String field, Instant value) {
        return optionalTime(field, required(field, value));
    }

    /** Only instants an RFC 3339 timestamp (years 0000–9999) can express, so that what is written is readable. */
    static Instant optionalTime(String field, Instant value) {
        if (value != null && !Rfc3339.inRange(value)) {
            throw InvalidEventException.invalidField(field, "is outside the years 0000-9999, was " + value);
        }
        return value;
    }

    static Long nonNegative(String field, Long value) {
        if (value != null && value < 0) {
            throw InvalidEventException.invalidField(field, "must be >= 0, was " + value);
        }
        return value;
    }

    static long atLeast(String field, long value, long min) {
        if (value < min) {
            throw InvalidEventException.invalidField(field, "must be >= " + min + ", was " + value);
        }
        return value;
    }

    static Integer range(String field, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            throw InvalidEventException.invalidField(field, "must be in " + min + ".." + max + ", was " + value);
        }
        return value;
    }

    /** JSON has no NaN or infinity (Jackson would write them as strings, which no reader accepts as numbers). */
    static double finite(String field, double value) {
        if (!Double.isFinite(value)) {
            throw InvalidEventException.invalidField(field, "must be a finite number, was " + value);
        }
        return value;
    }
}
