package io.breachwatch.schema.parse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic event ids for parsed lines: {@code <source>:<line>}, and {@code <source>:<line>#<k>} for the k-th of
 * several events one line stands for. Re-parsing the same input gives the same ids, so downstream deduplication and
 * alert evidence stay stable across replays. A source name too long for the 128-character id limit is shortened to
 * a readable head plus a hash of the whole name, which keeps distinct sources distinct.
 */
final class EventIds {
    static final int MAX_ID_LENGTH = 128;
    // Room for ":" + a long (20 chars with sign) + "#" + an int (10): the id can never exceed the limit.
    static final int MAX_SOURCE_LENGTH = MAX_ID_LENGTH - 32;
    private static final int HASH_HEX_CHARS = 16;

    private final String source;

    EventIds(String sourceName) {
        if (sourceName == null || sourceName.isBlank()) {
            throw new IllegalArgumentException("sourceName must not be blank");
        }
        this.source = sourceName.length() <= MAX_SOURCE_LENGTH ? sourceName : shorten(sourceName);
    }

    /** The id of the only event of a line. */
    String of(long lineNumber) {
        return source + ":" + lineNumber;
    }

    /** The id of the k-th (1-based) of {@code count} events of a line; a single event gets no suffix. */
    String of(long lineNumber, int k, int count) {
        return count == 1 ? of(lineNumber) : of(lineNumber) + "#" + k;
    }

    private static String shorten(String sourceName) {
        String hash = sha256Hex(sourceName).substring(0, HASH_HEX_CHARS);
        return sourceName.substring(0, MAX_SOURCE_LENGTH - HASH_HEX_CHARS - 1) + "~" + hash;
    }

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
