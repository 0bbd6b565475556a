package io.breachwatch.detector.core;

import io.breachwatch.schema.Severity;
import java.time.Duration;
import java.util.List;

/**
 * What every rule declares besides its condition: identity, how bad, which ATT&CK techniques, the event-time
 * window it looks at, and how long the same entity stays quiet after an alert.
 *
 * @param id          catalogue id, e.g. auth.brute_force.source
 * @param title       short title for alert lists
 * @param severity    severity of its alerts
 * @param attack      ATT&CK technique ids
 * @param window      event-time span the condition is evaluated over (sliding: any span of this length)
 * @param suppression after an alert, no further alert for the same rule and entity for this long (event time)
 */
public record RuleDefinition(String id, String title, Severity severity, List<String> attack, Duration window,
                             Duration suppression) {
    public RuleDefinition {
        attack = List.copyOf(attack);
    }
}
