package io.breachwatch.detector.page;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Writes the group windows touching a partition into that partition's commit metadata, and reads them back after a
 * restart. This is what makes a crash harmless: the bridge commits its decisions (which record leads which window,
 * which records were folded into it, whether its pages went out) together with the offsets, before any page
 * leaves, so the records read again after a crash are decided exactly as before and every page is delivered again
 * under the same dedup key with the same content, or not at all if it had been delivered.
 *
 * <p>Format: {@code bw1} then, per window, {@code ;keyHash,start,status,from,to,leaderIdentity,leaderOffset,
 * leaderResolved} with numbers in base 36 and the leader fields empty when there is none (or when the leader is in
 * another partition). At most {@link GroupWindows#MAX_TRACKED} windows of at most {@link #MAX_ENTRY_CHARS}
 * characters each: always below the broker's default {@code offset.metadata.max.bytes} of 4096.
 */
final class WindowState {
    static final String VERSION = "bw1";
    static final int MAX_ENTRY_CHARS = 84;
    static final int BROKER_LIMIT = 4096;

    /** One window as one partition's metadata records it. */
    record Entry(long keyHash, Instant start, GroupWindow.Status status, long from, long to, Long leaderIdentity,
                 long leaderOffset, boolean leaderResolved) {
    }

    private WindowState() {
    }

    static String encode(TopicPartition partition, Collection<GroupWindow> windows) {
        StringBuilder out = new StringBuilder(VERSION);
        for (GroupWindow window : windows) {
            long[] range = window.ranges().get(partition);
            if (range == null) {
                continue;
            }
            boolean leaderHere = partition.equals(window.leaderPartition());
            out.append(';').append(base36(window.keyHash()))
                    .append(',').append(base36(window.start().toEpochMilli()))
                    .append(',').append(window.status().code)
                    .append(',').append(base36(range[0]))
                    .append(',').append(base36(range[1]))
                    .append(',').append(window.leaderIdentity() == null ? "" : base36(window.leaderIdentity()))
                    .append(',').append(leaderHere ? base36(window.leaderOffset()) : "")
                    .append(',').append(leaderHere ? (window.leaderResolved() ? "1" : "0") : "");
        }
        if (out.length() > BROKER_LIMIT) {
            // Cannot happen within MAX_TRACKED windows (see the test); failing loudly beats a commit that fails.
            throw new IllegalStateException("window state of " + out.length() + " characters exceeds "
                    + BROKER_LIMIT);
        }
        return out.toString();
    }

    /**
     * The windows recorded in one partition's metadata; empty for no metadata (a first start) or for metadata
     * written by something else, which {@code unreadable} is told about.
     */
    static List<Entry> decode(String metadata, Runnable unreadable) {
        List<Entry> out = new ArrayList<>();
        if (metadata == null || metadata.isEmpty()) {
            return out;
        }
        String[] parts = metadata.split(";", -1);
        if (!parts[0].equals(VERSION)) {
            unreadable.run();
            return out;
        }
        try {
            for (int i = 1; i < parts.length; i++) {
                String[] f = parts[i].split(",", -1);
                if (f.length != 8) {
                    throw new IllegalArgumentException("entry " + i + " has " + f.length + " fields");
                }
                out.add(new Entry(number(f[0]), Instant.ofEpochMilli(number(f[1])),
                        GroupWindow.Status.of(f[2].charAt(0)), number(f[3]), number(f[4]),
                        f[5].isEmpty() ? null : number(f[5]), f[6].isEmpty() ? -1 : number(f[6]), f[7].equals("1")));
            }
        } catch (RuntimeException e) {
            unreadable.run();
            return new ArrayList<>();
        }
        return out;
    }

    /** Every partition's entries, for {@link GroupWindows#restore}. */
    static Map<TopicPartition, List<Entry>> decodeAll(Map<TopicPartition, String> metadata, Runnable unreadable) {
        Map<TopicPartition, List<Entry>> out = new java.util.HashMap<>();
        metadata.forEach((partition, text) -> out.put(partition, decode(text, unreadable)));
        return out;
    }

    private static String base36(long value) {
        return Long.toUnsignedString(value, 36);
    }

    private static long number(String text) {
        return Long.parseUnsignedLong(text, 36);
    }
}
