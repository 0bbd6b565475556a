package io.breachwatch.detector.simulate;

import java.util.List;

/**
 * Where simulated addresses come from. The ranges keep roles apart, so that a test (or a reader of the alerts) can
 * tell from an address alone who sent it:
 * <ul>
 *   <li>users at home: 100.64.0.0/11 (carrier-grade NAT space, as many residential and mobile users have);</li>
 *   <li>office NAT gateways: /28 blocks of 100.100.0.0/16, several users behind each address;</li>
 *   <li>vendors' integration servers: 100.110.0.0/16;</li>
 *   <li>the platform's own hosts: 10.10.0.0/16 (internal hosts), 10.1.0.0/24 (first-party API callers),
 *       10.0.0.0/24 (internal services);</li>
 *   <li>external services the hosts talk to: public cloud and CDN prefixes, and three public DNS resolvers;</li>
 *   <li>attackers, and only attackers: the documentation ranges of RFC 5737 (192.0.2.0/24, 198.51.100.0/24,
 *       203.0.113.0/24) and, for botnets, the benchmarking range 198.18.0.0/15 (RFC 2544).</li>
 * </ul>
 */
final class Addresses {
    static final int USERS_BASE = parse("100.64.0.0");
    static final int USERS_SIZE = 1 << 21;
    static final int OFFICES_BASE = parse("100.100.0.0");
    static final int VENDORS_BASE = parse("100.110.0.0");
    static final int HOSTS_BASE = parse("10.10.0.0");
    static final int FIRST_PARTY_BASE = parse("10.1.0.0");
    static final int BOTNET_BASE = parse("198.18.0.0");
    static final int BOTNET_SIZE = 1 << 17;

    /** Cloud/CDN prefixes (base, prefix length) that ordinary egress goes to. */
    static final List<int[]> EXTERNAL_SERVICES = List.of(
            new int[] {parse("142.250.0.0"), 15}, new int[] {parse("151.101.0.0"), 16},
            new int[] {parse("104.16.0.0"), 13}, new int[] {parse("52.0.0.0"), 11},
            new int[] {parse("13.32.0.0"), 15}, new int[] {parse("20.0.0.0"), 11});
    static final List<String> DNS_RESOLVERS = List.of("8.8.8.8", "1.1.1.1", "9.9.9.9");

    private Addresses() {
    }

    static String format(int address) {
        return ((address >>> 24) & 0xff) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "."
                + (address & 0xff);
    }

    static int parse(String dotted) {
        String[] parts = dotted.split("\\.");
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + dotted);
        }
        int address = 0;
        for (String part : parts) {
            int octet = Integer.parseInt(part);
            if (octet < 0 || octet > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + dotted);
            }
            address = (address << 8) | octet;
        }
        return address;
    }

    /** True for the RFC 5737 documentation ranges and 198.18.0.0/15: where, and only where, attackers live. */
    static boolean isAttackerRange(String dotted) {
        int a = parse(dotted);
        return inRange(a, parse("192.0.2.0"), 24) || inRange(a, parse("198.51.100.0"), 24)
                || inRange(a, parse("203.0.113.0"), 24) || inRange(a, BOTNET_BASE, 15);
    }

    /** RFC 1918 private space: what "internal" means for egress. */
    static boolean isPrivate(String dotted) {
        int a = parse(dotted);
        return inRange(a, parse("10.0.0.0"), 8) || inRange(a, parse("172.16.0.0"), 12)
                || inRange(a, parse("192.168.0.0"), 16);
    }

    static boolean inRange(int address, int base, int prefixLength) {
        int mask = prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
        return (address & mask) == (base & mask);
    }
}
