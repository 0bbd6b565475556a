package io.breachwatch.detector.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the source-IP rules remember about one source address: its recent failed logins in event-time order
 * (bounded), the newest event time seen for it, and per rule the event time until which it is suppressed.
 *
 * <p>The failure log is capped at {@link #MAX_FAILURES} entries, newest kept: a source failing faster than that
 * within the longest rule window has long since crossed every threshold, and the cap bounds state per entity under
 * a flood.
 */
public final class SourceActivity {
    public static final int MAX_FAILURES = 256;

    private long newestEventTime = Long.MIN_VALUE;
    private final ArrayList<Attempt> failures;
    private final Map<String, Long> suppressedUntil;

    public SourceActivity() {
        this(Long.MIN_VALUE, new ArrayList<>(), new HashMap<>());
    }

    public SourceActivity(long newestEventTime, List<Attempt> failures, Map<String, Long> suppressedUntil) {
        this.newestEventTime = newestEventTime;
        this.failures = new ArrayList<>(failures);
        this.suppressedUntil = new HashMap<>(suppressedUntil);
    }

    public long newestEventTime() {
        return newestEventTime;
    }

    public List<Attempt> failures() {
        return failures;
    }

    public Map<String, Long> suppressedUntil() {
        return suppressedUntil;
    }

    void observe(long eventTime) {
        newestEventTime = Math.max(newestEventTime, eventTime);
    }

    /** Inserts in event-time order (records may arrive out of order within grace), then applies the cap. */
    void addFailure(Attempt attempt) {
        int i = failures.size();
        while (i > 0 && failures.get(i - 1).time() > attempt.time()) {
            i--;
        }
        failures.add(i, attempt);
        if (failures.size() > MAX_FAILURES) {
            failures.subList(0, failures.size() - MAX_FAILURES).clear();
        }
    }

    /** Forgets failures older than {@code horizonStart}: no rule window reaches back that far. */
    void forgetBefore(long horizonStart) {
        int drop = 0;
        while (drop < failures.size() && failures.get(drop).time() < horizonStart) {
            drop++;
        }
        if (drop > 0) {
            failures.subList(0, drop).clear();
        }
        suppressedUntil.values().removeIf(until -> until < horizonStart);
    }

    /** Failures with time in [from, to], in time order (a view). */
    List<Attempt> failuresBetween(long from, long to) {
        int start = 0;
        while (start < failures.size() && failures.get(start).time() < from) {
            start++;
        }
        int end = start;
        while (end < failures.size() && failures.get(end).time() <= to) {
            end++;
        }
        return failures.subList(start, end);
    }

    boolean suppressed(String ruleId, long eventTime) {
        Long until = suppressedUntil.get(ruleId);
        return until != null && eventTime < until;
    }

    void suppress(String ruleId, long until) {
        suppressedUntil.put(ruleId, until);
    }

    public boolean isEmpty() {
        return failures.isEmpty() && suppressedUntil.isEmpty();
    }
}
