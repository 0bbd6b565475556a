package io.breachwatch.detector.engine;

import io.breachwatch.detector.core.AlertIds;
import io.breachwatch.detector.core.Pseudonyms;
import io.breachwatch.schema.Alert;
import io.breachwatch.schema.CanonicalEvent;
import io.breachwatch.schema.Entity;
import java.time.Instant;

/**
 * Makes the alert for a finding: deterministic id, window, numbers, evidence and the rendered summary, with personal
 * data pseudonymized when that is configured. The one place both drivers make alerts.
 */
final class AlertFactory {
    private AlertFactory() {
    }

    static Alert alert(CompiledRule rule, Entity entity, Finding finding, CanonicalEvent event,
                       Pseudonyms pseudonyms) {
        if (pseudonyms.enabled()) {
            // Before anything is rendered or hashed: the id, entity, evidence and summary see only pseudonyms
            PersonalData.Inputs masked = PersonalData.pseudonymize(rule, entity, finding, event, pseudonyms);
            entity = masked.entity();
            finding = masked.finding();
            event = masked.event();
        }
        Instant start = Instant.ofEpochMilli(finding.windowStart());
        Instant end = Instant.ofEpochMilli(finding.windowEnd());
        String summary = rule.summary().render(new SummaryTemplate.Context(rule.id(), entity.value(), finding,
                rule.spec().window().toMillis(), event));
        return new Alert(AlertIds.of(rule.id(), entity, finding.windowStart()), rule.id(), rule.spec().title(),
                rule.spec().severity(), rule.spec().attack(), entity, start, end, finding.observed(),
                finding.threshold(), start, end, end, summary,
                Evidence.of(finding, rule.spec().explainBy(), event.eventId()));
    }
}
