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

    static byte[] literal(String text) {
        return io.breachwatch.detector.rules.IpLiteral.parse(text);
    }
}
