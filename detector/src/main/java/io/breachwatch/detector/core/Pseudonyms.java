package io.breachwatch.detector.core;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed pseudonyms for personal data in alerts: user names, and any value that is an e-mail address, become
 * {@code anon-} and 16 hex digits of HMAC-SHA256 under a secret key. The same key and the same name always give the
 * same pseudonym (so alerts about one person still correlate, and an analyst with the key can look a name up);
 * without the key a pseudonym cannot be turned back into a name, nor a guessed name into its pseudonym. The key is
 * never printed: {@link #toString()} says only whether pseudonyms are on.
 */
public final class Pseudonyms {
    /** Shortest key accepted; 32 random bytes are recommended. */
    public static final int MIN_KEY_BYTES = 16;
    public static final String PREFIX = "anon-";

    /** Pseudonymization off: every value is kept. */
    public static final Pseudonyms OFF = new Pseudonyms(null);

    /** Fields whose values are user names wherever they appear. */
    private static final java.util.Set<String> USER_FIELDS = java.util.Set.of("user");
    /** local@domain.tld, no spaces: an e-mail address in any field (an API client id, a customer id). */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private final Mac prototype;

    private Pseudonyms(Mac prototype) {
        this.prototype = prototype;
    }

    /**
     * @param key the secret key's bytes, at least {@link #MIN_KEY_BYTES}; copied, the caller may wipe its array
     * @throws IllegalArgumentException when the key is too short (the message gives its length, never its content)
     */
    public static Pseudonyms withKey(byte[] key) {
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("the pseudonymization key is " + key.length
                    + " bytes long; it must have at least " + MIN_KEY_BYTES + " (32 random bytes are recommended)");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Arrays.copyOf(key, key.length), "HmacSHA256"));
            return new Pseudonyms(mac);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    }

    public boolean enabled() {
        return prototype != null;
    }

    /** The pseudonym of {@code value}: {@code anon-} and the first 64 bits of its HMAC, in hex. */
    public String of(String value) {
        if (prototype == null) {
            return value;
        }
        try {
            Mac mac = (Mac) prototype.clone(); // a Mac is not thread-safe; a clone keeps the initialised key
            byte[] digest = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
            return PREFIX + HexFormat.of().formatHex(digest, 0, 8);
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("HmacSHA256 of this platform cannot be cloned", e);
        }
    }

    /** Whether {@code value} of {@code field} is personal data: a user name, or an e-mail address anywhere. */
    public static boolean personal(String field, String value) {
        return value != null && (USER_FIELDS.contains(field) || EMAIL.matcher(value).matches());
    }

    /** {@code value} as it may appear in an alert: its pseudonym when it is personal and pseudonyms are on. */
    public String apply(String field, String value) {
        return enabled() && personal(field, value) ? of(value) : value;
    }

    @Override
    public String toString() {
        return enabled() ? "Pseudonyms[on, key hidden]" : "Pseudonyms[off]";
    }
}
