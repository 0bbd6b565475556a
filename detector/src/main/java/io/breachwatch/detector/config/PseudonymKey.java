package io.breachwatch.detector.config;

import io.breachwatch.detector.core.Pseudonyms;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Loads the pseudonymization key from {@code breachwatch.pseudonymize.key-file} (a file, e.g. a mounted secret) or
 * {@code breachwatch.pseudonymize.key} (the key itself, e.g. from {@code BREACHWATCH_PSEUDONYMIZE_KEY}). The key is
 * the file's bytes without trailing line breaks and spaces, so {@code openssl rand -hex 32 > key} works as it is.
 * Errors name the setting and the file, never the key.
 */
final class PseudonymKey {
    private PseudonymKey() {
    }

    static Pseudonyms load(String file, String inline) {
        boolean fromFile = file != null && !file.isBlank();
        boolean given = inline != null && !inline.isBlank();
        if (fromFile && given) {
            throw new ConfigException(DetectorConfig.PSEUDONYMIZE_KEY, "set either "
                    + DetectorConfig.PSEUDONYMIZE_KEY_FILE + " or " + DetectorConfig.PSEUDONYMIZE_KEY + ", not both");
        }
        if (!fromFile && !given) {
            return Pseudonyms.OFF;
        }
        String setting = fromFile ? DetectorConfig.PSEUDONYMIZE_KEY_FILE : DetectorConfig.PSEUDONYMIZE_KEY;
        byte[] key = fromFile ? read(Path.of(file.trim())) : inline.strip().getBytes(StandardCharsets.UTF_8);
        try {
            return Pseudonyms.withKey(key);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(setting, e.getMessage());
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private static byte[] read(Path file) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigException(DetectorConfig.PSEUDONYMIZE_KEY_FILE, "cannot read " + file + " ("
                    + e.getClass().getSimpleName() + ")");
        }
        int end = content.length;
        while (end > 0 && (content[end - 1] == '\n' || content[end - 1] == '\r' || content[end - 1] == ' '
                || content[end - 1] == '\t')) {
            end--;
        }
        byte[] key = Arrays.copyOf(content, end);
        Arrays.fill(content, (byte) 0);
        return key;
    }
}
