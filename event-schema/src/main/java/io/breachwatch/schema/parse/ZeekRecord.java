package io.breachwatch.schema.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.breachwatch.schema.InvalidEventException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Zeek log record, read the same way whichever form it came in: a tab-separated row named by its
 * {@link ZeekTsvHeader}, or a JSON object ({@code "id.orig_h"} keys, unset fields absent). Getters return null for
 * an unset field (and for an empty string: canonical events hold null, never a blank), and throw
 * {@link InvalidEventException} (or, for a time, an {@link UnparseableLineException}) naming the Zeek field when a
 * value is not of the field's type. Messages never quote values.
 */
abstract sealed class ZeekRecord permits ZeekRecord.Tsv, ZeekRecord.Json {
    // Zeek writes epoch seconds with six decimals; up to nine are exact in an Instant, and 11 integer digits reach
    // year 5138, beyond which no log line is real.
    private static final Pattern EPOCH = Pattern.compile("(-?)([0-9]{1,11})(?:\\.([0-9]{1,9})[0-9]*)?");
    private static final Pattern COUNT = Pattern.compile("[0-9]{1,19}");
    private static final BigDecimal MAX_EPOCH = new BigDecimal("99999999999");
    private static final BigDecimal MAX_COUNT = new BigDecimal(Long.MAX_VALUE);
    // Digits after the point worth reading; a JSON number token is at most 64 characters (LogJson).
    private static final int MAX_SCALE = 64;

    /** Whether the record has the field at all (set or unset): what tells one Zeek log from another. */
    abstract boolean has(String field);

    /** The log the record names itself ({@code #path}, or {@code _path} in JSON pipelines); null when it does not. */
    abstract String path();

    abstract String string(String field);

    abstract Long count(String field);

    abstract Boolean bool(String field);

    abstract Instant time(String field);

    final Integer port(String field) {
        Long value = count(field);
        if (value != null && value > 65_535) {
            throw InvalidEventException.invalidField(field, "is not a port number (0-65535)");
        }
        return value == null ? null : value.intValue();
    }

    /** An address field: an IPv4 or IPv6 literal, never a name (Zeek's {@code addr} type). */
    final String address(String field) {
        String value = string(field);
        if (value != null && !Addresses.isIpLiteral(value)) {
            throw InvalidEventException.invalidField(field, "is not an IP address");
        }
        return value;
    }

    static Long parseCount(String field, String text) {
        if (!COUNT.matcher(text).matches()) {
            throw InvalidEventException.invalidField(field, "is not a non-negative integer");
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw InvalidEventException.invalidField(field, "is larger than a 64-bit count");
        }
    }

    static Instant parseEpoch(String field, String text) {
        Matcher epoch = EPOCH.matcher(text);
        if (!epoch.matches()) {
            throw new UnparseableLineException(ParseReason.INVALID_TIMESTAMP, field + ": not epoch seconds");
        }
        long seconds = Long.parseLong(epoch.group(2));
        String fraction = epoch.group(3) == null ? "" : epoch.group(3);
        long nanos = fraction.isEmpty() ? 0 : Long.parseLong((fraction + "00000000").substring(0, 9));
        if (epoch.group(1).isEmpty()) {
            return Instant.ofEpochSecond(seconds, nanos);
        }
        return Instant.ofEpochSecond(-seconds, -nanos);
    }

    /** The tab-separated form: strings carry {@code \xHH} escapes, unset and empty are marker strings. */
    static final class Tsv extends ZeekRecord {
        private final ZeekTsvHeader header;
        private final String[] columns;

        Tsv(ZeekTsvHeader header, String[] columns) {
            this.header = header;
            this.columns = columns;
        }

        @Override
        boolean has(String field) {
            return header.names(field);
        }

        @Override
        String path() {
            return header.path();
        }

        /** The raw column, or null when unset, absent from the header, or the empty marker. */
        private String raw(String field) {
            int column = header.column(field);
            if (column < 0) {
                return null;
            }
            String value = columns[column];
            // Compared before unescaping: a real "-" is written "\x2d" and must stay a value.
            if (value.equals(header.unsetField()) || value.equals(header.emptyField()) || value.isEmpty()) {
                return null;
            }
            return value;
        }

        @Override
        String string(String field) {
            String raw = raw(field);
            return raw == null ? null : LineText.nullIfBlank(ZeekText.unescape(raw));
        }

        @Override
        Long count(String field) {
            String raw = raw(field);
            return raw == null ? null : parseCount(field, raw);
        }

        @Override
        Boolean bool(String field) {
            String raw = raw(field);
            if (raw == null) {
                return null;
            }
            if (raw.equals("T")) {
                return true;
            }
            if (raw.equals("F")) {
                return false;
            }
            throw InvalidEventException.invalidField(field, "is not T or F");
        }

        @Override
        Instant time(String field) {
            String raw = raw(field);
            return raw == null ? null : parseEpoch(field, raw);
        }
    }

    /**
     * The JSON form ({@code LogAscii::use_json=T}): unset fields are absent (or null), times are epoch numbers or,
     * with {@code json_timestamps=JSON::TS_ISO8601}, RFC 3339 strings. Dotted names are top-level keys; a pipeline
     * that nested them ({@code "id":{"orig_h":…}}) is read too.
     */
    static final class Json extends ZeekRecord {
        private final ObjectNode node;

        Json(ObjectNode node) {
            this.node = node;
        }

        private JsonNode value(String field) {
            JsonNode value = node.get(field);
            if (value == null) {
                int dot = field.indexOf('.');
                if (dot > 0 && node.get(field.substring(0, dot)) instanceof ObjectNode nested) {
                    value = nested.get(field.substring(dot + 1));
                }
            }
            return value == null || value.isNull() ? null : value;
        }

        @Override
        boolean has(String field) {
            return value(field) != null;
        }

        @Override
        String path() {
            JsonNode path = node.get("_path");
            return path != null && path.isTextual() ? path.textValue() : null;
        }

        @Override
        String string(String field) {
            JsonNode value = value(field);
            if (value == null) {
                return null;
            }
            if (!value.isTextual()) {
                throw InvalidEventException.invalidField(field, "is not a string");
            }
            return LineText.nullIfBlank(value.textValue());
        }

        @Override
        Long count(String field) {
            JsonNode value = value(field);
            if (value == null) {
                return null;
            }
            if (value.isTextual()) {
                return parseCount(field, value.textValue());
            }
            if (!value.isNumber()) {
                throw InvalidEventException.invalidField(field, "is not a number");
            }
            BigInteger integer = value.isIntegralNumber() ? value.bigIntegerValue() : integral(field, value.decimalValue());
            if (integer.signum() < 0) {
                throw InvalidEventException.invalidField(field, "is negative");
            }
            if (integer.bitLength() > 63) {
                throw InvalidEventException.invalidField(field, "is larger than a 64-bit count");
            }
            return integer.longValue();
        }

        /** 2.0 and 2e0 are the integer 2; the range is checked before any exact arithmetic on the exponent. */
        private static BigInteger integral(String field, BigDecimal decimal) {
            if (decimal.abs().compareTo(MAX_COUNT) > 0) {
                throw InvalidEventException.invalidField(field, "is larger than a 64-bit count");
            }
            if (decimal.scale() > MAX_SCALE || decimal.stripTrailingZeros().scale() > 0) {
                throw InvalidEventException.invalidField(field, "is not an integer");
            }
            return decimal.toBigIntegerExact();
        }

        @Override
        Boolean bool(String field) {
            JsonNode value = value(field);
            if (value == null) {
                return null;
            }
            if (!value.isBoolean()) {
                throw InvalidEventException.invalidField(field, "is not true or false");
            }
            return value.booleanValue();
        }

        @Override
        Instant time(String field) {
            JsonNode value = value(field);
            if (value == null) {
                return null;
            }
            if (value.isTextual()) {
                try {
                    return OffsetDateTime.parse(value.textValue(), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                            .toInstant();
                } catch (DateTimeException e) {
                    throw new UnparseableLineException(ParseReason.INVALID_TIMESTAMP,
                            field + ": not an ISO 8601 time with offset");
                }
            }
            if (!value.isNumber()) {
                throw new UnparseableLineException(ParseReason.INVALID_TIMESTAMP, field + ": not a time");
            }
            BigDecimal seconds = value.decimalValue();
            // Checked before toPlainString: 1e999999999 and 1e-999999999 are short tokens and billion-digit strings.
            if (seconds.abs().compareTo(MAX_EPOCH) > 0 || seconds.scale() > MAX_SCALE) {
                throw new UnparseableLineException(ParseReason.INVALID_TIMESTAMP, field + ": out of range");
            }
            return parseEpoch(field, seconds.toPlainString());
        }
    }
}
