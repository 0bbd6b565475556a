package io.breachwatch.detector.simulate;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Keeps ordinary users' mistakes ordinary. Normal traffic must never look like an attack: no source may reach the
 * brute-force (8 failures in 2 minutes), spray (20 failures in 5 minutes) or success-after-failures (5 failures in
 * the 10 minutes before a success) thresholds, however high the rate and however many colleagues share an office
 * address. Rather than hope the odds stay low, every episode's failures are booked here first; an episode that
 * would put its source above {@link #MAX_FAILURES} failures within any {@link #WINDOW_MILLIS} is turned into a
 * clean login. The guarantee is structural: 4 failures in any 10 minutes is below all three thresholds.
 *
 * <p>Memory: at most {@link #MAX_FAILURES} times per source, sources with nothing recent are dropped.
 */
final class FailureLedger {
    static final long WINDOW_MILLIS = 10 * 60_000L;
    static final int MAX_FAILURES = 4;

    private final Map<String, long[]> failures = new HashMap<>();
    private long lastSweep = Long.MIN_VALUE;

    /**
     * Books failures at {@code times} (ascending, none before {@code now}) for {@code source} if the source stays
     * within the limit, and says whether it did.
     */
    boolean tryBook(String source, long now, long... times) {
        sweep(now);
        long[] booked = failures.getOrDefault(source, new long[0]);
        long[] recent = Arrays.stream(booked).filter(t -> t > now - WINDOW_MILLIS).toArray();
        long[] merged = new long[recent.length + times.length];
        System.arraycopy(recent, 0, merged, 0, recent.length);
        System.arraycopy(times, 0, merged, recent.length, times.length);
        Arrays.sort(merged);
        for (int i = 0; i < merged.length; i++) {
            int inWindow = 0;
            for (int j = 0; j <= i; j++) {
                if (merged[j] > merged[i] - WINDOW_MILLIS) {
                    inWindow++;
                }
            }
            if (inWindow > MAX_FAILURES) {
                if (recent.length != booked.length) {
                    store(source, recent);
                }
                return false;
            }
        }
        store(source, merged);
        return true;
    }

    int sources() {
        return failures.size();
    }

    private void store(String source, long[] times) {
        if (times.length == 0) {
            failures.remove(source);
        } else {
            failures.put(source, times);
        }
    }

    /** Once a window, forgets sources whose failures are all older than the window. */
    private void sweep(long now) {
        if (now - lastSweep < WINDOW_MILLIS) {
            return;
        }
        lastSweep = now;
        for (Iterator<long[]> it = failures.values().iterator(); it.hasNext(); ) {
            long[] times = it.next();
            if (times[times.length - 1] <= now - WINDOW_MILLIS) {
                it.remove();
            }
        }
    }
}
