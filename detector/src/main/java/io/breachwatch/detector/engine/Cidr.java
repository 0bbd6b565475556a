package io.breachwatch.detector.engine;

import java.util.List;

/**
 * An IPv4 or IPv6 network. Parses address literals itself, never through {@code InetAddress.getByName}, which would
 * resolve a host name (an attacker-controlled field) through DNS.
 */
record Cidr(byte[] network, int prefix) {

    static Cidr parse(String text) {
        int slash = text.indexOf('/');
        byte[] address = literal(slash < 0 ? text : text.substring(0, slash));
        if (address == null) {
            throw new IllegalArgumentException("not an IP network: " + text);
        }
        int prefix = slash < 0 ? address.length * 8 : Integer.parseInt(text.substring(slash + 1));
        if (prefix < 0 || prefix > address.length * 8) {
            throw new IllegalArgumentException("prefix out of range: " + text);
        }
        return new Cidr(address, prefix);
    }

    boolean contains(byte[] address) {
        if (address == null || address.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xff << (8 - rest) & 0xff;
        return (address[full] & mask) == (network[full] & mask);
    }

    static boolean anyContains(List<Cidr> networks, String value) {
        byte[] address = literal(value);
        if (address == null) {
            return false;
        }
        for (Cidr n : networks) {
            if (n.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** IPv4 dotted quad or IPv6 literal (with ::), else null. */
    static byte[] literal(String text) {
        if (text == null || text.isEmpty() || text.length() > 45) {
            return null;
        }
        return text.indexOf(':') >= 0 ? ipv6(text) : ipv4(text);
    }

    private static byte[] ipv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            int v = number(parts[i], 10, 3);
            if (v < 0 || v > 255) {
                return null;
            }
            out[i] = (byte) v;
        }
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
        if (h.length + t.length > 8 || (gap < 0 && h.length != 8)) {
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
