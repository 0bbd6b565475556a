package io.breachwatch.schema.parse;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Zeek's ASCII escaping: the writer turns the separator, non-printable bytes and (unless {@code enable_utf_8}) every
 * non-ASCII byte into {@code \xHH}, and escapes the first character of a value that would read as the unset or empty
 * marker ({@code \x2d} for a string that is just "-"). Only {@code \xHH} is an escape; any other backslash is text.
 */
final class ZeekText {
    private ZeekText() {
    }

    /** Decodes {@code \xHH} escapes to bytes and the result as UTF-8 (bytes that are not UTF-8 become U+FFFD). */
    static String unescape(String text) {
        if (text.indexOf("\\x") < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\' && i + 3 < text.length() && text.charAt(i + 1) == 'x'
                    && hex(text.charAt(i + 2)) >= 0 && hex(text.charAt(i + 3)) >= 0) {
                bytes.write(hex(text.charAt(i + 2)) << 4 | hex(text.charAt(i + 3)));
                i += 4;
                continue;
            }
            int end = i + Character.charCount(text.codePointAt(i));
            byte[] encoded = text.substring(i, end).getBytes(StandardCharsets.UTF_8);
            bytes.write(encoded, 0, encoded.length);
            i = end;
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }
}
