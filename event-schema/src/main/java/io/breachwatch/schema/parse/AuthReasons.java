package io.breachwatch.schema.parse;

/**
 * The {@code reason} values the log parsers write into {@link io.breachwatch.schema.AuthEvent}s, one vocabulary
 * for every log format so that detections can match on them whatever the source.
 */
final class AuthReasons {
    /** The account exists and the password (or PAM conversation) was wrong. */
    static final String BAD_PASSWORD = "bad_password";
    /** The account does not exist. */
    static final String INVALID_USER = "invalid_user";
    /** A public key or host key was offered and not accepted. */
    static final String BAD_KEY = "bad_key";

    private AuthReasons() {
    }
}
