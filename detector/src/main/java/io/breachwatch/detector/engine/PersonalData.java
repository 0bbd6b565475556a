package io.breachwatch.detector.engine;

import io.breachwatch.detector.core.Pseudonyms;
import io.breachwatch.detector.rules.AggregateSpec;
import io.breachwatch.detector.rules.EventFields;
import io.breachwatch.detector.rules.RuleSpec;
import io.breachwatch.schema.ApiCallEvent;
import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.CanonicalEvent;
import io.breachwatch.schema.Entity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replaces personal data (see {@link Pseudonyms#personal}) in what an alert is made from, before the alert is made:
 * the triggering event, the entity (recomputed from the pseudonymized event by the rule group's key), the counted
 * entries' labels and the values the aggregate took from the triggering event. The alert's id, entity, evidence and
 * summary then carry pseudonyms only, and are the same for both drivers, since both make alerts here. Detection
 * itself (filters, keys, state) still sees the real values.
 */
final class PersonalData {
    private PersonalData() {
    }

    /** What {@link AlertFactory} makes an alert from. */
    record Inputs(Entity entity, Finding finding, CanonicalEvent event) {
    }

    static Inputs pseudonymize(CompiledRule rule, Entity entity, Finding finding, CanonicalEvent event,
                               Pseudonyms pseudonyms) {
        CanonicalEvent masked = event(event, pseudonyms);
        RuleGroup group = rule.group();
        String key = group.keyExtractor().apply(masked);
        Entity maskedEntity = key == null ? new Entity(entity.type(), pseudonyms.of(entity.value()))
                : group.entity(key);
        String field = labelField(rule.spec());
        Object raw = field == null ? null : EventFields.accessor(event.type(), field).apply(event);
        // Aggregates put the triggering event's label into the finding escaped and cut (Evidence.safe): match that
        String rawShown = raw == null ? null : Evidence.safe(raw.toString());
        String maskedShown = raw == null ? null : Evidence.safe(pseudonyms.apply(field, raw.toString()));

        List<EventLog.Entry> counted = new ArrayList<>(finding.counted().size());
        for (EventLog.Entry e : finding.counted()) {
            counted.add(e.label() == null ? e : new EventLog.Entry(e.time(), pseudonyms.apply(field, e.label()),
                    e.weight(), e.value(), e.matched(), e.eventId()));
        }
        Map<String, Long> breakdown = new LinkedHashMap<>();
        finding.breakdown().forEach((k, n) -> {
            int colon = k.indexOf(':');
            String shown = colon < 0 ? k : k.substring(colon + 1);
            String replaced = shown.equals(rawShown) ? maskedShown : pseudonyms.apply("", shown);
            breakdown.put(colon < 0 ? replaced : k.substring(0, colon + 1) + replaced, n);
        });
        Map<String, String> values = new LinkedHashMap<>();
        finding.values().forEach((k, v) -> values.put(k, v.equals(rawShown) ? maskedShown : v));
        Finding maskedFinding = new Finding(finding.observed(), finding.threshold(), finding.windowStart(),
                finding.windowEnd(), counted, breakdown, values);
        return new Inputs(maskedEntity, maskedFinding, masked);
    }

    /** The field whose values label the counted entries, and whose trigger value then/new findings name. */
    private static String labelField(RuleSpec spec) {
        AggregateSpec aggregate = spec.aggregate();
        if (aggregate instanceof AggregateSpec.DistinctCount distinct) {
            return distinct.field();
        }
        if (aggregate instanceof AggregateSpec.FirstSeen firstSeen) {
            return firstSeen.field();
        }
        return spec.explainBy();
    }

    private static CanonicalEvent event(CanonicalEvent event, Pseudonyms p) {
        if (event instanceof AuthEvent a) {
            return new AuthEvent(a.eventId(), a.timestamp(), p.apply("user", a.user()),
                    p.apply("source_ip", a.sourceIp()), a.outcome(), p.apply("method", a.method()),
                    p.apply("reason", a.reason()), p.apply("service", a.service()), p.apply("host", a.host()));
        }
        if (event instanceof ApiCallEvent c) {
            return new ApiCallEvent(c.eventId(), c.timestamp(), p.apply("client_id", c.clientId()), c.clientType(),
                    p.apply("source_ip", c.sourceIp()), c.method(), c.operation(), c.status(), c.responseBytes(),
                    c.records(), p.apply("customer_id", c.customerId()));
        }
        return event; // network events carry addresses and ports only
    }
}
