package io.breachwatch.schema.json;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * The one timestamp shape of breachwatch's JSON: an RFC 3339 date-time with seconds and an explicit offset
 * ({@code 2026-03-14T09:12:48Z}, {@code 2026-03-14T10:12:48.250+01:00}). The published JSON Schemas carry
 * {@link #PATTERN} next to {@code "format": "date-time"}, so that a validator without format assertions and this
 * reader accept the same strings.
 *
 * <p>{@link #PATTERN} is RFC 3339 narrowed to what every validator and {@code java.time} agree on: upper-case
 * {@code T} and {@code Z}, at most nine fraction digits, no leap second ({@code :60}), offsets within ±18:00 and no
 * {@code -00:00} ("offset unknown"). No look-around, so that any regex engine (ECMA 262, RE2, JDK) can run it.
 * Day-of-month validity (no February 30) is left to {@code format: date-time} and to {@code java.time}.
 */
public final class Rfc3339 {
    public static final String PATTERN = "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
            + "T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,9})?"
            + "(Z|\\+(0[0-9]|1[0-7]):[0-5][0-9]|\\+18:00|-00:(0[1-9]|[1-5][0-9])|-(0[1-9]|1[0-7]):[0-5][0-9]|-18:00)$";

    /** Earliest instant a timestamp matching {@link #PATTERN} can denote: year 0000 at the largest offset. */
    public static final Instant MIN = OffsetDateTime.of(0, 1, 1, 0, 0, 0, 0, ZoneOffset.MAX).toInstant();
    /** Latest instant a timestamp matching {@link #PATTERN} can denote: year 9999 at the smallest offset. */
    public static final Instant MAX = OffsetDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_999, ZoneOffset.MIN)
            .toInstant();

    private static final Pattern COMPILED = Pattern.compile(PATTERN);
    private static final Instant UTC_MIN = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant UTC_MAX = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private Rfc3339() {
    }

    /**
     * @throws DateTimeParseException when {@code text} does not match {@link #PATTERN} or names no real date
     */
    public static Instant parse(String text) {
        Instant utc = parseUtc(text);
        return utc != null ? utc : parseGeneral(text);
    }

    /** The pattern, then {@code java.time}'s strict ISO offset date-time parser. */
    static Instant parseGeneral(String text) {
        if (!COMPILED.matcher(text).matches()) {
            throw new DateTimeParseException("not an RFC 3339 date-time with seconds and offset", text, 0);
        }
        return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    }

    /**
     * The common shape {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} read digit by digit, about ten times faster than the
     * pattern and the formatter; null for anything else (another offset, a bad digit, February 30), which
     * {@link #parse} then reads, or rejects, the general way. Every string it reads matches {@link #PATTERN} and
     * denotes the instant the general way gives.
     */
    static Instant parseUtc(String text) {
        int length = text.length();
        if (length < 20 || length > 30 || length == 21 || text.charAt(length - 1) != 'Z' || text.charAt(4) != '-'
                || text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':'
                || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        int nanos = 0;
        if (length > 20) {
            if (text.charAt(19) != '.') {
                return null;
            }
            int fraction = length - 21;
            int value = digits(text, 20, fraction);
            if (value < 0) {
                return null;
            }
            nanos = value;
            for (int i = fraction; i < 9; i++) {
                nanos *= 10;
            }
        }
        if (day > 28 && day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
            return null;
        }
        long epochDay = java.time.LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** The decimal value of {@code count} ASCII digits from {@code from}, or -1 if one is not a digit. */
    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /**
     * Formats in UTC ({@code ...Z}). The few hours between {@link #MIN} and year 0000 in UTC (and after year 9999)
     * have no four-digit UTC year, so they are written at offset ±18:00 instead: every instant in
     * [{@link #MIN}, {@link #MAX}] is written as a string {@link #parse} reads back to the same instant.
     */
    public static String format(Instant instant) {
        if (instant.isBefore(UTC_MIN)) {
            return instant.atOffset(ZoneOffset.MAX).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        }
        if (instant.isAfter(UTC_MAX)) {
            return instant.atOffset(ZoneOffset.MIN).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        }
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    public static boolean inRange(Instant instant) {
        return !instant.isBefore(MIN) && !instant.isAfter(MAX);
    }
}
