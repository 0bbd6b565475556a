package io.breachwatch.schema;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An explainable detection: which rule fired on which entity, over which event-time window, what was observed
 * against which threshold, and the evidence behind the number. {@code alertId} is a deterministic function of
 * rule, entity and episode start, so live processing and forensic replay produce the same ids and a pager can
 * deduplicate on it.
 *
 * @param alertId      deterministic id (rule, entity, window start)
 * @param ruleId       catalogue id, e.g. auth.brute_force.source
 * @param title        short rule title
 * @param severity     low, medium, high or critical
 * @param attack       MITRE ATT&CK technique ids, e.g. T1110.001
 * @param entity       what the alert is about
 * @param windowStart  event time at which the evidence window starts
 * @param windowEnd    event time at which the evidence window ends (the triggering event)
 * @param observed     the value that crossed the threshold
 * @param threshold    the threshold it crossed
 * @param firstEventAt event time of the first event counted
 * @param lastEventAt  event time of the last event counted
 * @param detectedAt   event time at which the condition first held (deterministic; wall-clock time is in metrics)
 * @param summary      one line a human can read on a phone
 * @param evidence     a few event ids and the breakdown that explains the number
 */
public record Alert(
        String alertId,
        String ruleId,
        String title,
        Severity severity,
        List<String> attack,
        Entity entity,
        Instant windowStart,
        Instant windowEnd,
        double observed,
        double threshold,
        Instant firstEventAt,
        Instant lastEventAt,
        Instant detectedAt,
        String summary,
        Evidence evidence) {

    /** Longest ATT&CK technique id accepted ("T1110.001" is 9). */
    public static final int ATTACK_ID_MAX = 32;

    public Alert {
        Fields.required("alert_id", alertId, Fields.ID_MAX);
        Fields.required("rule_id", ruleId, Fields.ID_MAX);
        Fields.required("title", title, Fields.NAME_MAX);
        Fields.required("severity", severity);
        Fields.required("attack", attack);
        for (int i = 0; i < attack.size(); i++) {
            Fields.required("attack[" + i + "]", attack.get(i), ATTACK_ID_MAX);
        }
        attack = List.copyOf(attack);
        Fields.required("entity", entity);
        Fields.requiredTime("window_start", windowStart);
        Fields.requiredTime("window_end", windowEnd);
        Fields.finite("observed", observed);
        Fields.finite("threshold", threshold);
        Fields.requiredTime("first_event_at", firstEventAt);
        Fields.requiredTime("last_event_at", lastEventAt);
        Fields.requiredTime("detected_at", detectedAt);
        Fields.required("summary", summary, Fields.TEXT_MAX);
        evidence = evidence == null ? Evidence.NONE : evidence;
    }

    /**
     * @param eventIds  ids of a few of the events counted (the first and the last ones)
     * @param breakdown counts that explain the observed value, e.g. failures per user name (top entries only)
     */
    public record Evidence(List<String> eventIds, Map<String, Long> breakdown) {
        public static final Evidence NONE = new Evidence(List.of(), Map.of());

        public Evidence {
            eventIds = eventIds == null ? List.of() : eventIds;
            for (int i = 0; i < eventIds.size(); i++) {
                Fields.required("evidence.event_ids[" + i + "]", eventIds.get(i), Fields.ID_MAX);
            }
            eventIds = List.copyOf(eventIds);
            breakdown = breakdown == null ? Map.of() : breakdown;
            for (Map.Entry<String, Long> entry : breakdown.entrySet()) {
                // The key is not named in the error: it may be attacker-chosen text (a user name).
                String key = entry.getKey();
                if (key == null || key.isBlank()) {
                    throw InvalidEventException.invalidField("evidence.breakdown", "keys must not be blank");
                }
                int length = key.codePointCount(0, key.length());
                if (length > Fields.NAME_MAX) {
                    throw InvalidEventException.invalidField("evidence.breakdown",
                            "a key is " + length + " characters long, the limit is " + Fields.NAME_MAX);
                }
                if (entry.getValue() == null || entry.getValue() < 0) {
                    throw InvalidEventException.invalidField("evidence.breakdown",
                            "counts must be integers >= 0, was " + entry.getValue());
                }
            }
            breakdown = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(breakdown));
        }
    }
}
