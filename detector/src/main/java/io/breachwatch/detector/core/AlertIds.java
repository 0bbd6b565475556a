package io.breachwatch.detector.core;

import io.breachwatch.schema.Entity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic alert ids: the same rule, entity and episode start give the same id in live processing, in a
 * restart after a crash and in forensic replay, so consumers and pagers can deduplicate on it.
 */
public final class AlertIds {
    private AlertIds() {
    }

    public static String of(String ruleId, Entity entity, long episodeStartMillis) {
        String material = ruleId + '\u0000' + entity.type() + '\u0000' + entity.value() + '\u0000' + episodeStartMillis;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(material.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
