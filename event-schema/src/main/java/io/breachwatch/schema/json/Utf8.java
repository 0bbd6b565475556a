package io.breachwatch.schema.json;

/**
 * Strict UTF-8 validation (RFC 3629, the Unicode standard's table of well-formed byte sequences). Jackson decodes
 * some ill-formed sequences instead of rejecting them: overlong forms ({@code C0 AF} becomes '/', a classic way past
 * byte-level filters) and encoded surrogates ({@code ED A0 80}, CESU-8). breachwatch reads such a record as
 * malformed, as it reads truncated or invalid sequences.
 */
final class Utf8 {
    private Utf8() {
    }

    /** Index of the first byte of the first ill-formed sequence, or -1 when all of {@code bytes} is UTF-8. */
    static int firstInvalid(byte[] bytes) {
        int i = 0;
        int n = bytes.length;
        while (i < n) {
            int b = bytes[i] & 0xff;
            if (b < 0x80) {
                i++;
                continue;
            }
            int length;
            int min2 = 0x80;
            int max2 = 0xbf;
            if (b >= 0xc2 && b <= 0xdf) {
                length = 2;
            } else if (b >= 0xe0 && b <= 0xef) {
                length = 3;
                if (b == 0xe0) {
                    min2 = 0xa0; // below: overlong
                } else if (b == 0xed) {
                    max2 = 0x9f; // above: UTF-16 surrogates
                }
            } else if (b >= 0xf0 && b <= 0xf4) {
                length = 4;
                if (b == 0xf0) {
                    min2 = 0x90; // below: overlong
                } else if (b == 0xf4) {
                    max2 = 0x8f; // above: beyond U+10FFFF
                }
            } else {
                return i; // a continuation byte without a lead, C0/C1 (always overlong) or F5..FF
            }
            if (i + length > n) {
                return i;
            }
            int second = bytes[i + 1] & 0xff;
            if (second < min2 || second > max2) {
                return i;
            }
            for (int k = 2; k < length; k++) {
                int next = bytes[i + k] & 0xff;
                if (next < 0x80 || next > 0xbf) {
                    return i;
                }
            }
            i += length;
        }
        return -1;
    }
}
