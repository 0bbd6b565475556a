package io.breachwatch.bench.live;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Sizes of a Kafka Streams state directory on disk, per store and in total, and its removal after a run.
 */
final class StateDirectory {
    private StateDirectory() {
    }

    /** Bytes of regular files under {@code dir} by store name; files outside any store count under "(other)". */
    static Map<String, Long> bytesByStore(Path dir) {
        Map<String, Long> sizes = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return sizes;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(Files::isRegularFile).forEach(file -> sizes.merge(storeOf(dir.relativize(file)),
                    size(file), Long::sum));
        } catch (IOException | UncheckedIOException e) {
            // A store file compacted away while walking: the sizes are a snapshot either way.
        }
        return sizes;
    }

    static long total(Map<String, Long> byStore) {
        return byStore.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * The store a file under the state directory belongs to: key-value stores live in
     * {@code <task>/rocksdb/<store>/}, segmented window stores in {@code <task>/<store>/<segment>/}; anything else
     * (checkpoints, locks) is "(other)".
     */
    static String storeOf(Path relative) {
        for (int i = 0; i < relative.getNameCount(); i++) {
            if (relative.getName(i).toString().matches("\\d+_\\d+") && i + 2 < relative.getNameCount()) {
                String next = relative.getName(i + 1).toString();
                if (!next.equals("rocksdb")) {
                    return next;
                }
                return i + 3 < relative.getNameCount() ? relative.getName(i + 2).toString() : "(other)";
            }
        }
        return "(other)";
    }

    static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0; // deleted by a compaction meanwhile
        }
    }
}
