package io.breachwatch.detector.local;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A client listener of a local broker that takes TLS and SASL/SCRAM-SHA-512 ({@code SASL_SSL}), on 127.0.0.1 next
 * to the PLAINTEXT listener (which the controller, the brokers among themselves and the test's own admin client keep
 * using). Each secure listener presents its own certificate, so one broker can offer a correctly named certificate
 * on one port and a wrongly named one on another. SCRAM users are created with
 * {@code Admin.alterUserScramCredentials} once the broker runs.
 *
 * @param name             listener name, upper case: {@code SASL_SSL}, {@code WRONG_HOST}…
 * @param keystore         PKCS12 keystore with the broker's key and certificate chain
 * @param keystorePassword password of the keystore and of the key in it
 */
public record SecureListener(String name, Path keystore, String keystorePassword) {

    /** The SASL mechanism every secure listener enables. */
    public static final String MECHANISM = "SCRAM-SHA-512";

    public SecureListener {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keystore, "keystore");
        Objects.requireNonNull(keystorePassword, "keystorePassword");
        if (!name.matches("[A-Z][A-Z0-9_]*") || name.equals("PLAINTEXT") || name.equals("CONTROLLER")) {
            throw new IllegalArgumentException("A secure listener name is upper case letters, digits and _, and"
                    + " neither PLAINTEXT nor CONTROLLER: " + name);
        }
    }

    @Override
    public String toString() {
        // Never the password: options end up in logs and assertion messages.
        return "SecureListener[" + name + ", keystore=" + keystore + "]";
    }
}
