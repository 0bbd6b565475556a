package io.breachwatch.detector.core;

import java.util.List;
import java.util.function.Predicate;

/**
 * Sliding event-time windows over a time-ordered attempt log. A condition "N events within W" holds if it holds
 * for some span of length W ending at an event; checking every span that ends at or after the new event (an
 * out-of-order arrival can complete a later span) finds a burst wherever it falls, including across minute
 * boundaries where fixed buckets would split it.
 */
final class Windows {
    private Windows() {
    }

    /**
     * @return the attempts of the earliest-ending qualifying span among spans ending in [newTime, newTime + window],
     *         or null
     */
    static List<Attempt> firstQualifying(SourceActivity activity, long newTime, long window,
                                         Predicate<List<Attempt>> condition) {
        List<Attempt> candidates = activity.failuresBetween(newTime, newTime + window);
        for (Attempt end : candidates) {
            List<Attempt> span = activity.failuresBetween(end.time() - window, end.time());
            if (condition.test(span)) {
                return List.copyOf(span);
            }
        }
        return null;
    }
}
