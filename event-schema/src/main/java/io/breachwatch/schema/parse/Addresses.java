package io.breachwatch.schema.parse;

/**
 * Cheap syntactic checks of IP address literals, for fields whose format says "address" (Zeek's {@code addr}). No
 * name is ever resolved: {@code InetAddress.getByName} would turn a garbled field into a DNS query.
 */
final class Addresses {
    // "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255" is 45 characters; a zone id ("%eth0") may follow.
    private static final int MAX_IPV6_CHARS = 45 + 1 + 32;

    private Addresses() {
    }

    static boolean isIpLiteral(String text) {
        return isIpv4(text, 0, text.length()) || isIpv6(text);
    }

    private static boolean isIpv4(String text, int from, int to) {
        int octets = 0;
        int start = from;
        for (int i = from; i <= to; i++) {
            if (i == to || text.charAt(i) == '.') {
                int length = i - start;
                if (length < 1 || length > 3 || ++octets > 4) {
                    return false;
                }
                int value = 0;
                for (int j = start; j < i; j++) {
                    char c = text.charAt(j);
                    if (c < '0' || c > '9') {
                        return false;
                    }
                    value = value * 10 + (c - '0');
                }
                if (value > 255) {
                    return false;
                }
                start = i + 1;
            }
        }
        return octets == 4;
    }

    private static boolean isIpv6(String text) {
        if (text.length() < 2 || text.length() > MAX_IPV6_CHARS) {
            return false;
        }
        int zone = text.indexOf('%');
        int end = zone < 0 ? text.length() : zone;
        if (zone == text.length() - 1) {
            return false;
        }
        int colons = 0;
        int groupStart = 0;
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if (c == ':') {
                colons++;
                groupStart = i + 1;
            } else if (c == '.') {
                // An embedded IPv4 tail (::ffff:192.0.2.1) ends the address.
                return colons >= 2 && isIpv4(text, groupStart, end);
            } else if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')
                    || i - groupStart >= 4) {
                return false;
            }
        }
        return colons >= 2 && colons <= 7;
    }
}
