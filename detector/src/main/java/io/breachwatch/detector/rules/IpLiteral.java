package io.breachwatch.detector.rules;

/**
 * Parses IPv4 dotted quads and IPv6 literals (with {@code ::}, without zone or embedded IPv4) into bytes, itself:
 * never {@code InetAddress.getByName}, which would look an attacker-controlled host name up in DNS. Shared by rule
 * validation and the engine's network matching, so a file that validates always compiles.
 */
public final class IpLiteral {
    private IpLiteral() {
    }

    /** The address's bytes (4 or 16), or null when {@code text} is not an address literal. */
    public static byte[] parse(String text) {
        return literal(text);
    }

    private static byte[] literal(String text) {
        if (text == null || text.isEmpty() || text.length() > 45) {
            return null;
        }
        return text.indexOf(':') >= 0 ? ipv6(text) : ipv4(text);
    }

    /** Digit by digit, without splitting: the engine runs this for every event a network condition looks at. */
    private static byte[] ipv4(String text) {
        byte[] out = new byte[4];
        int part = 0;
        int value = 0;
        int digits = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                value = value * 10 + (c - '0');
                if (++digits > 3 || value > 255) {
                    return null;
                }
            } else if (c == '.' && digits > 0 && part < 3) {
                out[part++] = (byte) value;
                value = 0;
                digits = 0;
            } else {
                return null;
            }
        }
        if (part != 3 || digits == 0) {
            return null;
        }
        out[3] = (byte) value;
        return out;
    }

    private static byte[] ipv6(String text) {
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        String head = gap < 0 ? text : text.substring(0, gap);
        String tail = gap < 0 ? "" : text.substring(gap + 2);
        String[] h = head.isEmpty() ? new String[0] : head.split(":", -1);
        String[] t = tail.isEmpty() ? new String[0] : tail.split(":", -1);
        if (h.length + t.length > (gap < 0 ? 8 : 7) || (gap < 0 && h.length != 8)) {
            return null;
        }
        byte[] out = new byte[16];
        for (int i = 0; i < h.length; i++) {
            if (!group(h[i], out, i)) {
                return null;
            }
        }
        for (int i = 0; i < t.length; i++) {
            if (!group(t[i], out, 8 - t.length + i)) {
                return null;
            }
        }
        return out;
    }

    private static boolean group(String text, byte[] out, int index) {
        int v = number(text, 16, 4);
        if (v < 0) {
            return false;
        }
        out[index * 2] = (byte) (v >> 8);
        out[index * 2 + 1] = (byte) v;
        return true;
    }

    private static int number(String text, int radix, int maxDigits) {
        if (text.isEmpty() || text.length() > maxDigits) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < text.length(); i++) {
            int d = Character.digit(text.charAt(i), radix);
            if (d < 0) {
                return -1;
            }
            v = v * radix + d;
        }
        return v;
    }
}
