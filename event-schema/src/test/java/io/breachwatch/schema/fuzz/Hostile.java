package io.breachwatch.schema.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Generators of what a hostile or broken producer sends: text full of control, format and bidi characters, lone and
 * paired surrogates and JSON or log syntax; bytes that are not UTF-8; deep nesting; and real samples damaged by a
 * few edits. Lengths favour the edges (empty, one, and around the limits a caller names).
 */
public final class Hostile {
    /** Characters a parser or a terminal treats specially, or that have tripped JSON and UTF-8 code before. */
    private static final char[] SPECIAL = {'\0', '\t', '\n', '\r', '\u001b', '\u007f', '\u0085', '\u009b', '\u00a0',
        '\u200b', '\u200d', '\u202e', '\u2028', '\u2029', '\ufeff', '\ufffd', '\ud800', '\udbff', '\udc00', '\udfff',
        '"', '\\', '{', '}', '[', ']', ':', ',', '$', '%', '<', '>', '&', '\'', '/', '#', ' '};

    /** Pieces of log-injection and lookup payloads. */
    private static final String INJECTION = "${jndi:ldap://x/a}\u001b[31m%n%s\r\n";

    private static final String JSON_BYTES = "{}[]\":,\\0123456789eE-.tfn ";

    private Hostile() {
    }

    /** A length in 0..max, a third of the time at an edge: 0, 1, max − 1 or max. */
    public static int length(Random r, int max) {
        if (max <= 1 || r.nextInt(3) > 0) {
            return r.nextInt(max + 1);
        }
        return switch (r.nextInt(4)) {
            case 0 -> 0;
            case 1 -> 1;
            case 2 -> max - 1;
            default -> max;
        };
    }

    /** Arbitrary UTF-16 text up to {@code maxChars}: printable ASCII, specials, any BMP unit, astral pairs. */
    public static String text(Random r, int maxChars) {
        int length = length(r, maxChars);
        StringBuilder text = new StringBuilder(length);
        while (text.length() < length) {
            int kind = r.nextInt(10);
            if (kind < 5) {
                text.append((char) (0x20 + r.nextInt(0x5f)));
            } else if (kind < 7) {
                text.append(SPECIAL[r.nextInt(SPECIAL.length)]);
            } else if (kind < 8) {
                text.append((char) r.nextInt(0x10000));
            } else if (kind < 9) {
                text.appendCodePoint(0x10000 + r.nextInt(0x100000));
            } else {
                text.append(INJECTION.charAt(r.nextInt(INJECTION.length())));
            }
        }
        return text.toString();
    }

    /** Arbitrary bytes up to {@code maxBytes}, biased towards invalid and overlong UTF-8 sequences. */
    public static byte[] bytes(Random r, int maxBytes) {
        int length = length(r, maxBytes);
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = switch (r.nextInt(6)) {
                case 0 -> (byte) (0x80 + r.nextInt(0x80));                      // continuation or lead byte
                case 1 -> (byte) new int[] {0xc0, 0xc1, 0xed, 0xf4, 0xf5, 0xf8, 0xfe, 0xff}[r.nextInt(8)];
                case 2 -> (byte) JSON_BYTES.charAt(r.nextInt(JSON_BYTES.length()));
                default -> (byte) r.nextInt(256);
            };
        }
        return bytes;
    }

    /** UTF-8 of {@code text} with up to three of its bytes damaged (truncated sequences, invalid leads). */
    public static byte[] damagedUtf8(Random r, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length == 0) {
            return new byte[] {(byte) 0xc3};
        }
        int damage = 1 + r.nextInt(3);
        for (int i = 0; i < damage; i++) {
            bytes[r.nextInt(bytes.length)] = (byte) new int[] {0x80, 0xbf, 0xc0, 0xc3, 0xe2, 0xed, 0xf0, 0xff}
                    [r.nextInt(8)];
        }
        return bytes;
    }

    /** One to four edits of {@code sample}: delete, insert hostile text, cut, replace, duplicate a span. */
    public static String mutate(Random r, String sample, String alphabet) {
        StringBuilder text = new StringBuilder(sample);
        int edits = 1 + r.nextInt(4);
        for (int i = 0; i < edits && text.length() > 0; i++) {
            int at = r.nextInt(text.length());
            switch (r.nextInt(6)) {
                case 0 -> text.deleteCharAt(at);
                case 1 -> text.insert(at, text(r, 8));
                case 2 -> text.setLength(at);
                case 3 -> text.setCharAt(at, alphabet.charAt(r.nextInt(alphabet.length())));
                case 4 -> text.insert(at, text.substring(at, Math.min(text.length(), at + 1 + r.nextInt(40))));
                default -> text.setCharAt(at, SPECIAL[r.nextInt(SPECIAL.length)]);
            }
        }
        return text.toString();
    }

    /** {@link #mutate} of one of {@code samples}. */
    public static String mutateOne(Random r, List<String> samples, String alphabet) {
        return mutate(r, samples.get(r.nextInt(samples.size())), alphabet);
    }

    /** The bytes of {@code sample} with one to four byte edits: flips, cuts, insertions of invalid bytes. */
    public static byte[] mutate(Random r, byte[] sample) {
        byte[] bytes = sample.clone();
        int edits = 1 + r.nextInt(4);
        for (int i = 0; i < edits && bytes.length > 0; i++) {
            int at = r.nextInt(bytes.length);
            switch (r.nextInt(3)) {
                case 0 -> bytes[at] ^= (byte) (1 << r.nextInt(8));
                case 1 -> bytes = java.util.Arrays.copyOf(bytes, at);
                default -> {
                    byte[] insert = bytes(r, 4);
                    byte[] grown = new byte[bytes.length + insert.length];
                    System.arraycopy(bytes, 0, grown, 0, at);
                    System.arraycopy(insert, 0, grown, at, insert.length);
                    System.arraycopy(bytes, at, grown, at + insert.length, bytes.length - at);
                    bytes = grown;
                }
            }
        }
        return bytes;
    }

    /** {@code depth} nested arrays or objects, optionally around {@code inner}. */
    public static String nested(Random r, int depth, String inner) {
        boolean arrays = r.nextBoolean();
        return (arrays ? "[" : "{\"a\":").repeat(depth) + inner + (arrays ? "]" : "}").repeat(depth);
    }

    /** A JSON document of the shape an event has but with arbitrary keys, value types and nesting. */
    public static String jsonish(Random r, List<String> knownKeys) {
        StringBuilder json = new StringBuilder("{");
        int fields = r.nextInt(10);
        for (int i = 0; i < fields; i++) {
            if (i > 0) {
                json.append(',');
            }
            String key = r.nextInt(4) == 0 ? text(r, 12) : knownKeys.get(r.nextInt(knownKeys.size()));
            json.append(quote(key)).append(':').append(value(r, 3));
        }
        return json.append('}').toString();
    }

    private static String value(Random r, int depth) {
        switch (r.nextInt(depth > 0 ? 9 : 7)) {
            case 0:
                return "null";
            case 1:
                return r.nextBoolean() ? "true" : "false";
            case 2:
                return Long.toString(r.nextLong());
            case 3:
                return new String[] {"1e999", "-0.0", "1.5", "0x10", "NaN", "01", "9".repeat(40)}[r.nextInt(7)];
            case 4:
                return quote(new String[] {"2026-03-14T10:00:00Z", "9999-12-31T23:59:59Z", "1970-01-01T00:00:00Z",
                    "2026-02-30T10:00:00Z", "failure", "success", "203.0.113.7"}[r.nextInt(7)]);
            case 5:
            case 6:
                return quote(text(r, 40));
            case 7:
                return "[" + value(r, depth - 1) + "," + value(r, depth - 1) + "]";
            default:
                return "{\"k\":" + value(r, depth - 1) + "}";
        }
    }

    /** {@code text} as a JSON string literal (escaping only what JSON requires). */
    public static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
