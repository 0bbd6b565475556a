package io.breachwatch.detector.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Caps the length of attacker-controlled text kept in detection state. Up to {@link #MAX} characters are kept as
 * they are (UUIDs, user names, addresses, customer ids); a longer value becomes its first characters, an ellipsis and
 * 64 bits of its SHA-256, so two different long values stay different and the result is still recognisable.
 */
final class BoundedText {
    static final int MAX = 48;
    private static final int PREFIX = 30;

    private BoundedText() {
    }

    static String of(String text) {
        if (text == null || text.length() <= MAX) {
            return text;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            int end = Character.isHighSurrogate(text.charAt(PREFIX - 1)) ? PREFIX - 1 : PREFIX;
            return text.substring(0, end) + "…#" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}
