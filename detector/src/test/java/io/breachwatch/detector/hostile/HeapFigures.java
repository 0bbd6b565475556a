package io.breachwatch.detector.hostile;

import java.lang.management.ManagementFactory;

/** Used heap after a full collection: the live set, which is what "bounded memory" is about. */
public final class HeapFigures {
    private HeapFigures() {
    }

    /** Bytes of heap in use after collecting until the figure settles (at most five collections). */
    public static long usedAfterGc() {
        long previous = Long.MAX_VALUE;
        long used = current();
        for (int i = 0; i < 5 && used < previous - 1024 * 1024; i++) {
            System.gc();
            previous = used;
            used = current();
        }
        return used;
    }

    private static long current() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    public static String mib(long bytes) {
        return String.format("%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}
