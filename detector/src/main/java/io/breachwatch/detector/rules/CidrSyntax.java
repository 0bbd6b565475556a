package io.breachwatch.detector.rules;

/**
 * Checks the networks a rule names in {@code cidr}/{@code not_cidr}: an IPv4 dotted quad or an IPv6 literal (with
 * {@code ::}, without zone or embedded IPv4), optionally {@code /prefix}; a bare address is a single host. Accepts
 * no more than the engine's matcher parses, so a file that validates never fails when the rules are compiled. The
 * text is parsed here, never resolved: {@code InetAddress.getByName} would look a name up in DNS.
 */
final class CidrSyntax {
    private CidrSyntax() {
    }

    /** Null when {@code text} is a network, else what is wrong with it. */
    static String problem(String text) {
        int slash = text.indexOf('/');
        String host = slash < 0 ? text : text.substring(0, slash);
        byte[] address = IpLiteral.parse(host);
        if (address == null) {
            return "'" + text + "' is not an IPv4 or IPv6 network (e.g. 10.0.0.0/8, fc00::/7)";
        }
        int bits = address.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String p = text.substring(slash + 1);
            if (!p.matches("\\d{1,3}") || Integer.parseInt(p) > bits) {
                return "'" + text + "': the prefix length must be 0 to " + bits;
            }
            prefix = Integer.parseInt(p);
        }
        for (int bit = prefix; bit < bits; bit++) {
            if ((address[bit / 8] & (0x80 >> (bit % 8))) != 0) {
                return "'" + text + "' has host bits set after /" + prefix + " (did you mean '"
                        + network(address, prefix) + "/" + prefix + "'?)";
            }
        }
        return null;
    }

    private static String network(byte[] address, int prefix) {
        byte[] masked = address.clone();
        for (int bit = prefix; bit < masked.length * 8; bit++) {
            masked[bit / 8] &= (byte) ~(0x80 >> (bit % 8));
        }
        if (masked.length == 4) {
            return (masked[0] & 0xff) + "." + (masked[1] & 0xff) + "." + (masked[2] & 0xff) + "." + (masked[3] & 0xff);
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 16; i += 2) {
            out.append(i == 0 ? "" : ":").append(Integer.toHexString(((masked[i] & 0xff) << 8) | (masked[i + 1] & 0xff)));
        }
        return out.toString();
    }
}
