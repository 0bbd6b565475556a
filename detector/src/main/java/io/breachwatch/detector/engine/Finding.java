package io.breachwatch.detector.engine;

import java.util.List;
import java.util.Map;

/**
 * What an aggregate reports when its condition first holds: the number against its threshold, the event-time span,
 * the entries that were counted (for evidence), extra breakdown and summary values.
 *
 * @param observed    the value that crossed the threshold
 * @param threshold   the threshold it crossed
 * @param windowStart start of the evidence window (also the episode start in the alert id)
 * @param windowEnd   end of the evidence window (the triggering event)
 * @param counted     the log entries behind the number (may be empty for baselines)
 * @param breakdown   extra explanation entries, e.g. "succeeded:alice" → 1
 * @param values      extra summary placeholders, e.g. baseline_mean
 */
record Finding(double observed, double threshold, long windowStart, long windowEnd, List<EventLog.Entry> counted,
               Map<String, Long> breakdown, Map<String, String> values) {
}
