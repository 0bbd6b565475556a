package io.breachwatch.detector.rules;

import io.breachwatch.schema.EventType;
import io.breachwatch.schema.Severity;
import java.time.Duration;
import java.util.List;

/**
 * One detection rule as data: which events, grouped by what, over which window, computing what, alerting how.
 * The built-in catalogue is a rules file in the jar; users override thresholds, disable rules or add rules in
 * their own file, without Java.
 *
 * @param id          catalogue id, e.g. auth.brute_force.source (lower case, dots and underscores)
 * @param title       short title for alert lists
 * @param description what it detects, one or two sentences
 * @param event       the event type it reads
 * @param where       which events count
 * @param groupBy     fields forming the entity key (one alert per entity per suppression period)
 * @param window      sliding event-time window
 * @param grace       lateness accepted for this rule's entities (null: the configured default)
 * @param aggregate   what is computed and the condition on it
 * @param severity    severity of its alerts
 * @param attack      ATT&CK technique ids
 * @param suppression quiet period per entity after an alert
 * @param summary     one-line summary template; placeholders {entity}, {observed}, {threshold}, {window}, {span},
 *                    {top}, {event.FIELD}
 * @param explainBy   field whose top values explain the number in the evidence (null: none)
 * @param enabled     false: loaded and listed, never evaluated
 * @param origin      where it was defined
 */
public record RuleSpec(String id, String title, String description, EventType event, Filter where,
                       List<String> groupBy, Duration window, Duration grace, AggregateSpec aggregate,
                       Severity severity, List<String> attack, Duration suppression, String summary,
                       String explainBy, boolean enabled, Origin origin) {
    public RuleSpec {
        groupBy = List.copyOf(groupBy);
        attack = List.copyOf(attack);
    }
}
